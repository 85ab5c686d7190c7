
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

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
    """Bonus points and/or a coupon, with a message, for every member of a tier or segment."""

    name = models.CharField(max_length=100)
    tier = models.ForeignKey(
        "saleor_loyalty.Tier", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
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
    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="campaign_grants", on_delete=models.CASCADE)
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
