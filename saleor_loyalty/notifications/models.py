
from django.db import models
from django.utils import timezone


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
