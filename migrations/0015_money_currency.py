from django.db import migrations, models

from saleor_loyalty.host import migrations as host_sql


class Migration(migrations.Migration):
    """Money per currency: each recorded paid order keeps its currency (the orders
    recorded so far take theirs from the shop's orders), and each member's RFM money
    the currency it was computed in (the next segment run writes it)."""

    dependencies = [
        ('saleor_loyalty', '0014_member_price_per_currency'),
    ]

    operations = [
        migrations.AddField(
            model_name='paidorder',
            name='currency',
            field=models.CharField(default='', max_length=3),
        ),
        migrations.AddField(
            model_name='membersegment',
            name='currency',
            field=models.CharField(default='', max_length=3),
        ),
        migrations.RunSQL(host_sql.RECORD_PAID_ORDER_CURRENCIES, migrations.RunSQL.noop),
    ]
