
from django.db import models
from django.utils import timezone

from saleor_loyalty.host.fields import JSONField


class ExpiryReminder(models.Model):
    """A member was reminded that `points` expire on `expires_on`: once per member and day."""

    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="expiry_reminders", on_delete=models.CASCADE)
    expires_on = models.DateField()
    points = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "expires_on"], name="loyalty_one_reminder_per_day")
        ]


class MessageChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "SMS (through the merchant's webhook)"
    PUSH = "push", "Push (through the merchant's webhook)"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (retries exhausted)"
    SKIPPED = "skipped", "Skipped (the member opted out of the channel)"


class Delivery(models.Model):
    """One message to one member on one channel, and what became of it.

    `key` is the message's idempotency key (sent with it to webhook gateways): a message is
    created once per key and sent at most once, however often its task runs.
    """

    key = models.CharField(max_length=200, unique=True)
    member = models.ForeignKey(
        "saleor_loyalty.Member", related_name="deliveries", on_delete=models.CASCADE)
    channel = models.CharField(max_length=16, choices=MessageChannel.choices)
    # The e-mail template's name, or `journey` for a journey step's text.
    template = models.CharField(max_length=64)
    journey_send = models.ForeignKey(
        "saleor_loyalty.JourneySend", null=True, blank=True, related_name="deliveries",
        on_delete=models.CASCADE,
    )
    # What was sent: the rendered text and the placeholders' values.
    text = models.TextField(blank=True, default="")
    placeholders = JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["member", "-created_at"], name="loyalty_delivery_member"),
            models.Index(fields=["journey_send"], name="loyalty_delivery_send"),
        ]
