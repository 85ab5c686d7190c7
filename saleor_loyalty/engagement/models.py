
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saleor_loyalty.host.fields import JSONField
from saleor_loyalty.insight.models import Segment


class CheckIn(models.Model):
    """A member's daily check-in; one per calendar day in the shop's time zone."""

    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="check_ins", on_delete=models.CASCADE)
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
    """Bonus points and/or a coupon, with a message, for every member of a tier, a segment
    or an audience, but for a random holdout share of them, kept to measure what it brought."""

    name = models.CharField(max_length=100)
    tier = models.ForeignKey(
        "saleor_loyalty.Tier", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    segment = models.CharField(max_length=16, choices=Segment.choices, blank=True, default="")
    # The audience filter it was sent to (insight.audiences), and the saved audience it
    # came from, if any.
    audience_filter = JSONField(null=True, blank=True)
    audience = models.ForeignKey(
        "saleor_loyalty.Audience", null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    # The share of the audience (percent) that gets nothing, for the results' comparison.
    holdout_percent = models.PositiveSmallIntegerField(default=0)
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
    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="campaign_grants", on_delete=models.CASCADE)
    coupon = models.ForeignKey(
        "Coupon", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    points = models.PositiveIntegerField(default=0)
    granted_at = models.DateTimeField(null=True, blank=True)
    # In the holdout: chosen at sending, gets nothing, compared with the others.
    holdout = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="loyalty_one_grant_per_member")
        ]
        indexes = [
            models.Index(fields=["campaign", "id"], name="loyalty_grant_to_give",
                         condition=Q(granted_at__isnull=True, holdout=False)),
        ]


class Survey(models.Model):
    """A short satisfaction survey (a 1-5 score and a comment), sent by a journey step;
    answering it once gives `points` once."""

    name = models.CharField(max_length=100)
    question = models.CharField(max_length=255, default="How satisfied are you with your order?")
    points = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")


class SurveyAnswer(models.Model):
    """A member's answer to a survey, once per member, survey and order (`order_key` empty
    when the survey was not about an order)."""

    survey = models.ForeignKey(Survey, related_name="answers", on_delete=models.CASCADE)
    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="survey_answers", on_delete=models.CASCADE)
    order_key = models.CharField(max_length=64, blank=True, default="")
    # The products of the order answered about (for results per product).
    product_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, default="")
    points = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "member", "order_key"], name="loyalty_one_answer_per_occasion"),
            models.CheckConstraint(check=Q(score__range=(1, 5)), name="loyalty_survey_score_1_5"),
        ]
        indexes = [models.Index(fields=["survey", "-created_at"], name="loyalty_answer_survey")]


class JourneyTrigger(models.TextChoices):
    ORDER_UNPAID = "order_unpaid", "Order placed and still unpaid"
    CHECKOUT_LEFT = "checkout_left", "Checkout left with lines and an e-mail"
    ORDER_FULFILLED = "order_fulfilled", "Order fulfilled"
    FIRST_ORDER = "first_order", "First paid order"
    NEAR_NEXT_TIER = "near_next_tier", "Within some points of the next tier"
    TIER_LAPSE = "tier_lapse", "Tier would lapse at the next review"
    DATE = "date", "A date in the shop's time zone"


class Journey(models.Model):
    """A trigger, an optional audience and its steps: member care the merchant sets once.

    Each step is due `wait_hours` after the occasion (an order, a checkout, a first order,
    a tier's threshold or lapse, a date); a member gets each step once per occasion
    (`JourneySend`), in order, and only for occasions due after `starts_at`.
    """

    name = models.CharField(max_length=100)
    trigger = models.CharField(max_length=32, choices=JourneyTrigger.choices)
    active = models.BooleanField(default=True)
    # The audience: members of this tier and/or this segment and/or selected by this
    # audience filter (insight.audiences) or saved audience; nobody else.
    tier = models.ForeignKey(
        "saleor_loyalty.Tier", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    segment = models.CharField(max_length=16, choices=Segment.choices, blank=True, default="")
    audience_filter = JSONField(null=True, blank=True)
    # A saved audience in use by a journey cannot be deleted (it would aim at everybody).
    audience = models.ForeignKey(
        "saleor_loyalty.Audience", null=True, blank=True, related_name="journeys",
        on_delete=models.PROTECT,
    )
    # NEAR_NEXT_TIER: at most this many points short of the next tier.
    points_gap = models.PositiveIntegerField(null=True, blank=True)
    # DATE: the month and day, every year, in the shop's time zone.
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")


class JourneyStep(models.Model):
    """One message of a journey, with its optional gifts, due `wait_hours` after the
    occasion; `templates` holds the text per channel (`notifications.models.MessageChannel`)."""

    journey = models.ForeignKey(Journey, related_name="steps", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField()
    wait_hours = models.PositiveIntegerField(default=0)
    bonus_points = models.PositiveIntegerField(default=0)
    coupon_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    coupon_value_type = models.CharField(max_length=10, blank=True, default="")
    coupon_valid_days = models.PositiveSmallIntegerField(null=True, blank=True)
    survey = models.ForeignKey(
        Survey, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    templates = JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("journey", "position")
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="loyalty_one_step_position"),
        ]


class JourneySend(models.Model):
    """A step given to a member for one occasion: at most once (`occasion` is e.g.
    `order:<key>`, `checkout:<token>`, `tier:<id>:<since>` or `date:<yyyy-mm-dd>`)."""

    step = models.ForeignKey(JourneyStep, related_name="sends", on_delete=models.CASCADE)
    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="journey_sends", on_delete=models.CASCADE)
    occasion = models.CharField(max_length=100)
    coupon = models.ForeignKey(
        "Coupon", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    points = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # When its gifts were given and its messages created (null: still to do; a job that
    # died in between leaves it for the next run).
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["step", "member", "occasion"], name="loyalty_one_send_per_occasion"),
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="loyalty_send_member"),
            models.Index(fields=["id"], name="loyalty_send_unprocessed",
                         condition=Q(processed_at__isnull=True)),
        ]
