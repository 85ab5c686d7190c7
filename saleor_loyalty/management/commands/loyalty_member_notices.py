from django.core.management.base import BaseCommand
from django.utils import timezone

from ...member_notices import notify_tier_changes, remind_expiring_points
from ...program import load_program


class Command(BaseCommand):
    help = (
        "Queue the member e-mails that are due: tier changes not told yet and reminders of "
        "points expiring within expiryReminderDays (each told once; the Celery beat jobs "
        "do the same)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        changes = notify_tier_changes(now)
        reminders = remind_expiring_points(load_program(), now)
        self.stdout.write(
            f"Tier change e-mails: {len(changes)}; expiry reminders: {len(reminders)}."
        )
