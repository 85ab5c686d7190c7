
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saleor_loyalty.host.fields import JSONField


class RewardKind(models.TextChoices):
    VOUCHER = "voucher", "A discount code of a fixed value"
    PRODUCT = "product", "A product variant for free"


class Reward(models.Model):
    """An item of the points mall: bought with points, delivered as a member coupon."""

    name = models.CharField(max_length=250)
    description = models.TextField(blank=True, default="")
    kind = models.CharField(max_length=16, choices=RewardKind.choices)
    points_cost = models.PositiveIntegerField()
    variant = models.ForeignKey(
        "product.ProductVariant", null=True, blank=True, related_name="loyalty_rewards",
        on_delete=models.CASCADE,
    )
    discount_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    minimum_tier = models.ForeignKey(
        "saleor_loyalty.Tier", null=True, blank=True, related_name="rewards", on_delete=models.PROTECT
    )
    # Units left; null for unlimited.
    stock = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("points_cost", "pk")
        constraints = [
            models.CheckConstraint(check=Q(points_cost__gt=0), name="loyalty_reward_cost_gt_0"),
            models.CheckConstraint(
                check=Q(stock__isnull=True) | Q(stock__gte=0), name="loyalty_reward_stock_gte_0"
            ),
            models.CheckConstraint(
                check=Q(kind="voucher", discount_value__gt=0)
                | Q(kind="product", variant__isnull=False),
                name="loyalty_reward_kind_has_value",
            ),
        ]

    def __str__(self):
        return self.name


class CouponKind(models.TextChoices):
    WELCOME = "welcome", "Welcome gift"
    BIRTHDAY = "birthday", "Birthday gift"
    REPURCHASE = "repurchase", "Thank-you for an order"
    WINBACK = "winback", "We miss you"
    MEMBER_DAY = "member_day", "Member day"
    POINTS_REDEMPTION = "points_redemption", "Points redeemed"
    REWARD = "reward", "Points-mall reward"
    CAMPAIGN = "campaign", "Campaign gift"
    JOURNEY = "journey", "Journey gift"


class Coupon(models.Model):
    """A Saleor voucher that belongs to one member: only they can use it, once.

    `occasion` names why it was issued (e.g. `birthday:<member>:2025`): its unique
    constraint makes issuing idempotent. Coupons bought with points remember the
    lots they were paid from (`spent_lots`) to give the points back with their
    expiry when the coupon expires unused or its order is cancelled.
    """

    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="coupons", on_delete=models.CASCADE)
    voucher = models.OneToOneField(
        "discount.Voucher", null=True, blank=True, related_name="loyalty_coupon",
        on_delete=models.SET_NULL,
    )
    kind = models.CharField(max_length=20, choices=CouponKind.choices)
    occasion = models.CharField(max_length=200, unique=True)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    order_key = models.CharField(max_length=64, blank=True, default="")
    reward = models.ForeignKey(
        Reward, null=True, blank=True, related_name="coupons", on_delete=models.SET_NULL
    )
    points_spent = models.PositiveIntegerField(default=0)
    spent_lots = JSONField(default=list, blank=True)
    points_returned_at = models.DateTimeField(null=True, blank=True)
    # When the shop could no longer honour it (its voucher, its product or its member's
    # account was deleted): it ended then (coupons.withdrawal).
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["member", "-created_at"]),
            models.Index(
                fields=["valid_until"],
                name="loyalty_coupon_points_open",
                condition=Q(points_spent__gt=0, points_returned_at__isnull=True),
            ),
        ]
