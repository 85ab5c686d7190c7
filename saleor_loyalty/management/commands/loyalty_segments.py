from django.core.management.base import BaseCommand
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight.segments import compute_segments


class Command(BaseCommand):
    help = (
        "Score every member on recency, frequency and money (RFM) over the segment "
        "window and put them in their segment (the nightly Celery job does the same)."
    )

    def handle(self, *args, **options):
        run = compute_segments(load_program(), timezone.now())
        if run is None:
            self.stdout.write("Another segment run is going on; nothing done.")
        else:
            self.stdout.write(
                f"Segments computed at {run.computed_at:%Y-%m-%d %H:%M}: "
                f"{run.members} members, {run.changed} changed."
            )
