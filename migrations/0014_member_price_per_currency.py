from django.db import migrations, models


class Migration(migrations.Migration):
    """A member price per currency: a variant can have one price per tier in each currency
    the shop sells in (Saleor 3's channels); existing prices keep their currency."""

    dependencies = [
        ('saleor_loyalty', '0013_coupon_spent_lots_host_json'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='memberprice',
            name='loyalty_one_price_per_variant_tier',
        ),
        migrations.AddConstraint(
            model_name='memberprice',
            constraint=models.UniqueConstraint(
                fields=('variant', 'tier', 'currency'),
                name='loyalty_one_price_per_variant_tier_currency',
            ),
        ),
    ]
