from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField, JSONField
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
    # When the birthday was last set: a birthday gift needs it set 30 days before.
    birthday_set_at = models.DateTimeField(null=True, blank=True)
    # The member's consent to loyalty e-mails (Saleor 2.10 accounts have no consent field).
    email_notifications = models.BooleanField(default=True)
    joined_at = models.DateTimeField(default=timezone.now, db_index=True)
    tier_since = models.DateTimeField(null=True, blank=True)
    # Since when the member no longer qualifies for their tier (the downgrade grace
    # period runs from here); null while they qualify.
    below_tier_since = models.DateTimeField(null=True, blank=True)
    # A bought tier, held until `paid_tier_until` whatever the member's activity.
    paid_tier = models.ForeignKey(
        Tier, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    paid_tier_until = models.DateTimeField(null=True, blank=True)
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


class TierChangeReason(models.TextChoices):
    JOINED = "joined", "Joined the program"
    UPGRADE = "upgrade", "Qualified for a higher tier"
    DOWNGRADE = "downgrade", "No longer qualified after the grace period"
    PAID = "paid", "Bought a paid membership"
    PAID_REVOKED = "paid_revoked", "Paid membership refunded"
    TIER_REMOVED = "tier_removed", "The tier was removed by staff"


class TierChange(models.Model):
    """A member's move between tiers: from, to, why and when."""

    member = models.ForeignKey(Member, related_name="tier_changes", on_delete=models.CASCADE)
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

    member = models.ForeignKey(Member, related_name="purchases", on_delete=models.CASCADE)
    tier = models.ForeignKey(Tier, related_name="purchases", on_delete=models.PROTECT)
    order_key = models.CharField(max_length=64)
    days = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order_key", "tier"], name="loyalty_one_purchase_per_order_tier"
            ),
            models.CheckConstraint(check=Q(days__gt=0), name="loyalty_purchase_days_gt_0"),
        ]


class MemberPrice(models.Model):
    """What members of `tier` (and of the tiers above it) pay for one unit of `variant`."""

    variant = models.ForeignKey(
        "product.ProductVariant", related_name="loyalty_member_prices", on_delete=models.CASCADE
    )
    tier = models.ForeignKey(Tier, related_name="member_prices", on_delete=models.CASCADE)
    price_amount = models.DecimalField(max_digits=12, decimal_places=3)
    currency = models.CharField(max_length=3)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "tier"], name="loyalty_one_price_per_variant_tier"),
            models.CheckConstraint(check=Q(price_amount__gt=0), name="loyalty_member_price_gt_0"),
        ]


class ProductAccess(models.Model):
    """A member-only product: only members of `minimum_tier` or above may see and buy it."""

    product = models.OneToOneField(
        "product.Product", related_name="loyalty_access", on_delete=models.CASCADE
    )
    minimum_tier = models.ForeignKey(
        Tier, related_name="member_only_products", on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)


class TransactionKind(models.TextChoices):
    EARN = "earn", "Earned on an order"
    BONUS = "bonus", "Bonus"
    REFERRAL = "referral", "Referral reward"
    CHECK_IN = "check_in", "Daily check-in"
    REDEEM = "redeem", "Redeemed"
    REVERSAL = "reversal", "Reversed"
    EXPIRY = "expiry", "Expired"
    ADJUSTMENT = "adjustment", "Adjusted by staff"
    RESET = "reset", "Reset on tier upgrade"


class TransactionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    AVAILABLE = "available", "Available"
    VOID = "void", "Void"


# Kinds whose AVAILABLE rows count toward lifetime points (tier qualification).
LIFETIME_KINDS = (
    TransactionKind.EARN,
    TransactionKind.BONUS,
    TransactionKind.REFERRAL,
    TransactionKind.CHECK_IN,
    TransactionKind.REVERSAL,
    TransactionKind.ADJUSTMENT,
)


class PointsTransaction(models.Model):
    """One row of the append-only points ledger.

    `points` never changes once written. A row's status moves forward at most once
    (PENDING -> AVAILABLE or PENDING -> VOID); every other correction is a new row.
    Positive AVAILABLE rows are lots: `remaining` is what is left of them after
    spending (oldest first) and expiry.
    """

    # Indexed by the composite indexes below (member first); ledger rows are
    # append-only, so the lot reference needs no index for deletes.
    member = models.ForeignKey(
        Member, related_name="transactions", on_delete=models.CASCADE, db_index=False
    )
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=TransactionKind.choices)
    status = models.CharField(max_length=16, choices=TransactionStatus.choices)
    points = models.IntegerField()
    remaining = models.IntegerField(null=True, blank=True)
    # Shortfall of a clawback the balance could not cover (+), or its settlement (-).
    debt = models.IntegerField(default=0)
    order_key = models.CharField(max_length=64, blank=True, default="")
    reason = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    # For pending earnings: when the return window ends (set once the order is fulfilled).
    window_ends_at = models.DateTimeField(null=True, blank=True)
    available_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    lot = models.ForeignKey(
        "self", null=True, blank=True, related_name="+", on_delete=models.PROTECT,
        db_index=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["member", "-created_at", "-id"]),
            models.Index(fields=["member", "order_key"]),
            # Statistics sum the ledger of a period.
            models.Index(fields=["created_at"], name="loyalty_txn_created"),
            models.Index(
                fields=["expires_at"],
                name="loyalty_txn_open_lot_expiry",
                condition=Q(remaining__gt=0),
            ),
            models.Index(
                fields=["window_ends_at"],
                name="loyalty_txn_pending_window",
                condition=Q(status="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                check=~Q(points=0, debt=0), name="loyalty_txn_changes_something"
            ),
            models.CheckConstraint(
                check=Q(remaining__isnull=True)
                | Q(remaining__gte=0, remaining__lte=models.F("points")),
                name="loyalty_txn_remaining_within_points",
            ),
        ]

    def __str__(self):
        return f"{self.key} {self.points:+d} ({self.status})"


class Segment(models.TextChoices):
    CHAMPIONS = "champions", "Champions"
    LOYAL = "loyal", "Loyal"
    POTENTIAL = "potential", "Potential"
    NEW = "new", "New"
    AT_RISK = "at_risk", "At risk"
    DORMANT = "dormant", "Dormant"
    LOST = "lost", "Lost"


class MemberSegment(models.Model):
    """A member's RFM scores and segment as of the last segment run (segments.py).

    Rewritten by the nightly job only where something changed; `SegmentRun` says when
    it was computed.
    """

    member = models.OneToOneField(
        Member, primary_key=True, related_name="segment", on_delete=models.CASCADE
    )
    segment = models.CharField(max_length=16, choices=Segment.choices)
    recency_score = models.PositiveSmallIntegerField()
    frequency_score = models.PositiveSmallIntegerField()
    monetary_score = models.PositiveSmallIntegerField()
    # Last paid order ever (null: never); frequency and monetary count the window only.
    last_order_at = models.DateTimeField(null=True, blank=True)
    frequency = models.IntegerField()
    monetary = models.DecimalField(max_digits=16, decimal_places=3)

    class Meta:
        indexes = [models.Index(fields=["segment", "member"], name="loyalty_segment_member")]
        constraints = [
            models.CheckConstraint(
                check=Q(recency_score__range=(1, 5), frequency_score__range=(1, 5),
                        monetary_score__range=(1, 5)),
                name="loyalty_segment_scores_1_5",
            ),
        ]

    @property
    def rfm_score(self) -> str:
        return f"{self.recency_score}{self.frequency_score}{self.monetary_score}"


class SegmentRun(models.Model):
    """One run of the segment job: when it was computed and with which settings."""

    computed_at = models.DateTimeField()
    window_days = models.PositiveIntegerField()
    dormant_days = models.PositiveIntegerField()
    members = models.IntegerField()
    changed = models.IntegerField()

    class Meta:
        ordering = ("-computed_at", "-id")
class PaidOrder(models.Model):
    """A shop order as the statistics count it (paid_orders.py): who placed it, the
    member who placed it (joined before placing it), when, and the money kept from it;
    `paid` is 0 once the order is no longer paid (unpaid, cancelled, refunded in full).

    `written_by` is the database transaction (txid) that wrote the row: the nightly
    reconciliation leaves alone rows written after its snapshot was taken.
    """

    order_key = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created = models.DateTimeField()
    paid = models.DecimalField(max_digits=16, decimal_places=3)
    written_by = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["created"], name="loyalty_paid_order_created",
                         condition=Q(paid__gt=0)),
        ]


class CustomerFirstOrder(models.Model):
    """When a customer with an account (member or not) placed their first paid order,
    null when they have none: what makes an order a repeat order (paid_orders.py).
    `written_by` as in `PaidOrder`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, related_name="+", on_delete=models.CASCADE
    )
    first_paid_at = models.DateTimeField(null=True, blank=True)
    written_by = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["first_paid_at"], name="loyalty_first_paid_at")]


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
        Tier, null=True, blank=True, related_name="rewards", on_delete=models.PROTECT
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


class Coupon(models.Model):
    """A Saleor voucher that belongs to one member: only they can use it, once.

    `occasion` names why it was issued (e.g. `birthday:<member>:2025`): its unique
    constraint makes issuing idempotent. Coupons bought with points remember the
    lots they were paid from (`spent_lots`) to give the points back with their
    expiry when the coupon expires unused or its order is cancelled.
    """

    member = models.ForeignKey(Member, related_name="coupons", on_delete=models.CASCADE)
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


class CheckIn(models.Model):
    """A member's daily check-in; one per calendar day in the shop's time zone."""

    member = models.ForeignKey(Member, related_name="check_ins", on_delete=models.CASCADE)
    day = models.DateField()
    streak = models.PositiveIntegerField(default=1)
    points = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "day"], name="loyalty_one_check_in_per_day"),
        ]


class CampaignStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class Campaign(models.Model):
    """Bonus points and/or a coupon, with a message, for every member of a tier or segment."""

    name = models.CharField(max_length=100)
    tier = models.ForeignKey(
        Tier, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    segment = models.CharField(max_length=16, choices=Segment.choices, blank=True, default="")
    bonus_points = models.PositiveIntegerField(default=0)
    coupon_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    coupon_value_type = models.CharField(max_length=10, blank=True, default="")
    coupon_valid_days = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.PENDING
    )
    # Members chosen when it was sent (its grants), and those who got their gift so far.
    recipients = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")


class CampaignGrant(models.Model):
    """One member of a campaign's audience and what they got: at most one per campaign."""

    campaign = models.ForeignKey(Campaign, related_name="grants", on_delete=models.CASCADE)
    member = models.ForeignKey(Member, related_name="campaign_grants", on_delete=models.CASCADE)
    coupon = models.ForeignKey(
        "Coupon", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    points = models.PositiveIntegerField(default=0)
    granted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="loyalty_one_grant_per_member")
        ]
        indexes = [
            models.Index(fields=["campaign", "id"], name="loyalty_grant_pending",
                         condition=Q(granted_at__isnull=True)),
        ]


class ExpiryReminder(models.Model):
    """A member was reminded that `points` expire on `expires_on`: once per member and day."""

    member = models.ForeignKey(Member, related_name="expiry_reminders", on_delete=models.CASCADE)
    expires_on = models.DateField()
    points = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "expires_on"], name="loyalty_one_reminder_per_day")
        ]
