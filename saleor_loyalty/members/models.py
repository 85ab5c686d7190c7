
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saleor_loyalty.host.fields import JSONField


class MemberQuerySet(models.QuerySet):
    def current(self):
        """Members whose customer account still exists (see `members.erasure`)."""
        return self.filter(erased_at__isnull=True)


class Member(models.Model):
    # Null once the customer's account was deleted: the membership stays, anonymous,
    # for the merchant's books (members.erasure).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="loyalty_member",
        on_delete=models.SET_NULL,
    )
    tier = models.ForeignKey(
        "saleor_loyalty.Tier", null=True, blank=True, related_name="members", on_delete=models.PROTECT
    )
    referral_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    referred_by = models.ForeignKey(
        "self", null=True, blank=True, related_name="referees", on_delete=models.SET_NULL
    )
    birthday = models.DateField(null=True, blank=True)
    # When the birthday was last set: a birthday gift needs it set 30 days before.
    birthday_set_at = models.DateTimeField(null=True, blank=True)
    # The member's consent to loyalty e-mails (Saleor 2.10 accounts have no consent field).
    email_notifications = models.BooleanField(default=True)
    # Messages through the merchant's SMS and push gateways (notifications.webhooks): only
    # members who chose them get them.
    sms_notifications = models.BooleanField(default=False)
    push_notifications = models.BooleanField(default=False)
    # When completing the profile (name, birthday, address) gave its points, once.
    profile_rewarded_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now, db_index=True)
    tier_since = models.DateTimeField(null=True, blank=True)
    # Since when the member no longer qualifies for their tier (the downgrade grace
    # period runs from here); null while they qualify.
    below_tier_since = models.DateTimeField(null=True, blank=True)
    # A bought tier, held until `paid_tier_until` whatever the member's activity.
    paid_tier = models.ForeignKey(
        "saleor_loyalty.Tier", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    paid_tier_until = models.DateTimeField(null=True, blank=True)
    # Cached from the ledger in the same transaction as every ledger write;
    # `loyalty_verify` recomputes them.
    points_balance = models.IntegerField(default=0)
    pending_points = models.IntegerField(default=0)
    lifetime_points = models.IntegerField(default=0)
    points_debt = models.IntegerField(default=0)
    # When the customer's account was deleted and this record made anonymous.
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = MemberQuerySet.as_manager()

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


class MemberImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class MemberImport(models.Model):
    """One import of a file of members from another loyalty system (members.imports): a
    file is known by its content's SHA-256, so running it again resumes or changes nothing;
    `next_line` is the first data line not yet applied (a killed run goes on from there)."""

    file_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255, blank=True, default="")
    preset = models.CharField(max_length=32)
    status = models.CharField(
        max_length=16, choices=MemberImportStatus.choices, default=MemberImportStatus.RUNNING
    )
    next_line = models.PositiveIntegerField(default=2)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    # [{"line": 7, "email": "...", "reason": "unknown tier 'Platinum'"}, ...]
    problems = JSONField(default=list, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["file_sha256", "preset"],
                                    name="loyalty_one_import_per_file"),
        ]
