
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


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
    ENGAGEMENT = "engagement", "Engagement reward (survey, profile, journey)"
    IMPORT = "import", "Imported from another loyalty program"
    # Imported lifetime points above the imported balance: spent or expired in the other
    # program (members.imports). Not lifetime points, not redeemed or expired here.
    IMPORT_SPENT = "import_spent", "Spent or expired in another loyalty program"


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
    TransactionKind.ENGAGEMENT,
    # Points brought from another loyalty program (members.imports) were earned there.
    TransactionKind.IMPORT,
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
        "saleor_loyalty.Member", related_name="transactions", on_delete=models.CASCADE, db_index=False
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
