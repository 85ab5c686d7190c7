from django.core.management.base import BaseCommand
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.notifications import tasks as notification_tasks
from saleor_loyalty.notifications.notices import notify_tier_changes, remind_expiring_points


class Command(BaseCommand):
    help = (
        "Queue the member e-mails that are due: tier changes not told yet and reminders of "
        "points expiring within expiryReminderDays (each told once; the Celery beat jobs "
        "do the same)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        changes = notify_tier_changes(now, tell=notification_tasks.tier_changes)
        reminders = remind_expiring_points(load_program(), now, tell=notification_tasks.expiry_reminders)
        self.stdout.write(
            f"Tier change e-mails: {len(changes)}; expiry reminders: {len(reminders)}."
        )
