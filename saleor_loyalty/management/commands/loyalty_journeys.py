from django.core.management.base import BaseCommand
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement import journey_runs
from saleor_loyalty.notifications.tasks import deliveries_created


class Command(BaseCommand):
    help = (
        "Run the member journeys now: record the steps due, give their gifts and queue their "
        "messages (each once per member and occasion; the Celery beat job does the same)."
    )

    def handle(self, *args, **options):
        recorded = journey_runs.run_journeys(load_program(), timezone.now(), tell=deliveries_created)
        self.stdout.write(f"Journey steps sent: {recorded}.")
