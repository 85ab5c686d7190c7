
from django.db import models
from django.db.models import Q
from django.utils import timezone


class MemberPrice(models.Model):
    """What members of `tier` (and of the tiers above it) pay for one unit of `variant` in
    every channel that sells in `currency` (README, "Member prices")."""

    variant = models.ForeignKey(
        "product.ProductVariant", related_name="loyalty_member_prices", on_delete=models.CASCADE
    )
    tier = models.ForeignKey(
        "saleor_loyalty.Tier", related_name="member_prices", on_delete=models.CASCADE)
    price_amount = models.DecimalField(max_digits=12, decimal_places=3)
    currency = models.CharField(max_length=3)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "tier", "currency"],
                name="loyalty_one_price_per_variant_tier_currency",
            ),
            models.CheckConstraint(check=Q(price_amount__gt=0), name="loyalty_member_price_gt_0"),
        ]


class ProductAccess(models.Model):
    """A member-only product: only members of `minimum_tier` or above may see and buy it."""

    product = models.OneToOneField(
        "product.Product", related_name="loyalty_access", on_delete=models.CASCADE
    )
    minimum_tier = models.ForeignKey(
        "saleor_loyalty.Tier", related_name="member_only_products", on_delete=models.PROTECT
    )
    # Early access: from this moment the product is public, for everybody (no job needs to
    # run on time: every check compares it with the time of the request). Null: member-only
    # for good.
    public_from = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
