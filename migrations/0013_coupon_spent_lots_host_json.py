from django.db import migrations

import saleor_loyalty.host.fields


class Migration(migrations.Migration):
    """The same `jsonb` column, under the field class both hosts' Django accept
    (`host/fields.py`); no SQL runs."""

    dependencies = [
        ('saleor_loyalty', '0012_deletions_keep_books'),
    ]

    operations = [
        migrations.AlterField(
            model_name='coupon',
            name='spent_lots',
            field=saleor_loyalty.host.fields.JSONField(blank=True, default=list),
        ),
    ]
