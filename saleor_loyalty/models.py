from decimal import Decimal

from django.conf import settings
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

    class Meta:
        ordering = ("rank",)
        constraints = [
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


class Member(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="loyalty_member", on_delete=models.CASCADE
    )
    tier = models.ForeignKey(
        Tier, null=True, blank=True, related_name="members", on_delete=models.PROTECT
    )
    referral_code = models.CharField(max_length=16, unique=True)
    referred_by = models.ForeignKey(
        "self", null=True, blank=True, related_name="referees", on_delete=models.SET_NULL
    )
    birthday = models.DateField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Cached from the ledger in the same transaction as every ledger write;
    # `loyalty_verify` recomputes them.
    points_balance = models.IntegerField(default=0)
    pending_points = models.IntegerField(default=0)
    lifetime_points = models.IntegerField(default=0)
    points_debt = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                check=Q(points_balance__gte=0), name="member_points_balance_gte_0"
            ),
            models.CheckConstraint(
                check=Q(points_debt__gte=0), name="member_points_debt_gte_0"
            ),
        ]

    def __str__(self):
        return f"Member {self.user_id}"
