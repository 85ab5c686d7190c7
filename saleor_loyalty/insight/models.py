
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saleor_loyalty.host.fields import JSONField


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
        "saleor_loyalty.Member", primary_key=True, related_name="segment", on_delete=models.CASCADE
    )
    segment = models.CharField(max_length=16, choices=Segment.choices)
    recency_score = models.PositiveSmallIntegerField()
    frequency_score = models.PositiveSmallIntegerField()
    monetary_score = models.PositiveSmallIntegerField()
    # Last paid order ever (null: never); frequency and monetary count the window only,
    # monetary in `currency`, the base currency of the run (other currencies at their
    # currency rule's rate).
    last_order_at = models.DateTimeField(null=True, blank=True)
    frequency = models.IntegerField()
    monetary = models.DecimalField(max_digits=16, decimal_places=3)
    currency = models.CharField(max_length=3, default="")

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
    member who placed it (joined before placing it), when, and the money kept from it in
    its currency; `paid` is 0 once the order is no longer paid (unpaid, cancelled,
    refunded in full).

    `written_by` is the database transaction (txid) that wrote the row: the nightly
    reconciliation leaves alone rows written after its snapshot was taken.
    """

    order_key = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    member = models.ForeignKey(
        "saleor_loyalty.Member", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created = models.DateTimeField()
    currency = models.CharField(max_length=3, default="")
    paid = models.DecimalField(max_digits=16, decimal_places=3)
    written_by = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["created"], name="loyalty_paid_order_created",
                         condition=Q(paid__gt=0)),
        ]


class CustomerFirstOrder(models.Model):
    """When a customer with an account (member or not) placed their first paid order,
    null when they have none: what makes an order a repeat order (paid_orders.py); and
    their last one (audiences' days since the last order). `written_by` as in `PaidOrder`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, related_name="+", on_delete=models.CASCADE
    )
    first_paid_at = models.DateTimeField(null=True, blank=True)
    last_paid_at = models.DateTimeField(null=True, blank=True)
    written_by = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["first_paid_at"], name="loyalty_first_paid_at")]


class CustomerSpend(models.Model):
    """Per customer with an account and currency: the money kept from all their paid
    orders in it (paid_orders.py), so that audiences read one row per customer instead of
    every order they ever placed. `written_by` as in `PaidOrder`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE, db_index=False
    )
    currency = models.CharField(max_length=3)
    spend = models.DecimalField(max_digits=18, decimal_places=3)
    written_by = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "currency"],
                                    name="loyalty_customer_spend_per_currency"),
        ]


class Audience(models.Model):
    """A saved behaviour filter (insight.audiences) by name: campaigns, journeys and tag
    rules aim at it; its members are whoever it selects when it is used."""

    name = models.CharField(max_length=100, unique=True)
    filter = JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")


class Tag(models.Model):
    """A label on members: given by staff, or by its rule (an audience filter) every night."""

    name = models.CharField(max_length=50, unique=True)
    # An audience filter (insight.audiences); null: staff tag members by hand only.
    rule = JSONField(null=True, blank=True)
    rule_applied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name", "id")


class TagSource(models.TextChoices):
    MANUAL = "manual", "Tagged by staff"
    RULE = "rule", "Tagged by the tag's rule"


class MemberTag(models.Model):
    """One tag on one member; the rule takes away only what the rule gave."""

    tag = models.ForeignKey(Tag, related_name="member_tags", on_delete=models.CASCADE)
    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="member_tags", on_delete=models.CASCADE)
    source = models.CharField(max_length=8, choices=TagSource.choices)
    tagged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "member"], name="loyalty_one_tag_per_member"),
        ]
        indexes = [models.Index(fields=["member", "tag"], name="loyalty_member_tag")]
