from django.core.management.base import BaseCommand
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.tiers.qualification import review_tiers


class Command(BaseCommand):
    help = (
        "Review every member's tier: move up those who qualify, start the grace period "
        "of those who no longer do, move down those whose grace period has ended."
    )

    def handle(self, *args, **options):
        upgraded = review_tiers(load_program(), timezone.now())
        if upgraded is None:
            self.stdout.write("Another tier review is running; nothing done.")
        else:
            self.stdout.write(f"Tier review done: {len(upgraded)} members moved up.")
