from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TierQualification(models.TextChoices):
    LIFETIME_POINTS = "lifetime_points", "Lifetime points"
    ROLLING_SPEND = "rolling_spend", "Spend in the last 12 months"
    ORDER_COUNT = "order_count", "Orders in the last 12 months"


class Tier(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    rank = models.PositiveSmallIntegerField(unique=True)
    qualification = models.CharField(
        max_length=32,
        choices=TierQualification.choices,
        default=TierQualification.LIFETIME_POINTS,
    )
    threshold = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    earn_multiplier = models.DecimalField(
        max_digits=6, decimal_places=3, default=Decimal(1)
    )
    discount_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(0)
    )
    benefits = ArrayField(models.CharField(max_length=250), default=list, blank=True)
    # Paid membership: buying this Saleor variant holds the tier for the duration.
    paid_variant = models.OneToOneField(
        "product.ProductVariant",
        null=True,
        blank=True,
        related_name="loyalty_paid_tier",
        on_delete=models.SET_NULL,
    )
    paid_duration_days = models.PositiveIntegerField(null=True, blank=True)
    # A percentile tier: the top `top_percent` % of members ranked by the tier's measure
    # (ties by member id), who also reach `threshold`; null: by threshold alone.
    top_percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    # Where that share ended at the last review: the measure and the id of its last member
    # (decisions between reviews compare with it); null before the first review.
    share_cutoff = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    share_cutoff_member = models.IntegerField(null=True, blank=True)
    share_reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("rank",)
        constraints = [
            models.CheckConstraint(
                check=Q(top_percent__isnull=True) | Q(top_percent__gt=0, top_percent__lte=100),
                name="tier_top_percent_0_100",
            ),
            models.CheckConstraint(check=Q(threshold__gte=0), name="tier_threshold_gte_0"),
            models.CheckConstraint(
                check=Q(earn_multiplier__gt=0), name="tier_earn_multiplier_gt_0"
            ),
            models.CheckConstraint(
                check=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="tier_discount_percent_0_100",
            ),
        ]

    def __str__(self):
        return self.name


class TierChangeReason(models.TextChoices):
    JOINED = "joined", "Joined the program"
    UPGRADE = "upgrade", "Qualified for a higher tier"
    DOWNGRADE = "downgrade", "No longer qualified after the grace period"
    PAID = "paid", "Bought a paid membership"
    PAID_REVOKED = "paid_revoked", "Paid membership refunded"
    TIER_REMOVED = "tier_removed", "The tier was removed by staff"


class TierChange(models.Model):
    """A member's move between tiers: from, to, why and when."""

    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="tier_changes", on_delete=models.CASCADE)
    from_tier = models.ForeignKey(
        Tier, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    to_tier = models.ForeignKey(
        Tier, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    reason = models.CharField(max_length=16, choices=TierChangeReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # When the member was told (member_notices.notify_tier_changes); null until then.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["member", "-created_at"]),
            models.Index(fields=["id"], name="loyalty_tierchange_unnotified",
                         condition=Q(notified_at__isnull=True)),
        ]


class MembershipPurchase(models.Model):
    """A paid tier bought with an order: `days` added to the member's paid period."""

    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="purchases", on_delete=models.CASCADE)
    tier = models.ForeignKey(Tier, related_name="purchases", on_delete=models.PROTECT)
    order_key = models.CharField(max_length=64)
    days = models.PositiveIntegerField()
    # What the order's membership line cost (null for purchases recorded before it was
    # kept): a refund of that much revokes it, even once its variant is gone.
    paid_amount = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order_key", "tier"], name="loyalty_one_purchase_per_order_tier"
            ),
            models.CheckConstraint(check=Q(days__gt=0), name="loyalty_purchase_days_gt_0"),
        ]
