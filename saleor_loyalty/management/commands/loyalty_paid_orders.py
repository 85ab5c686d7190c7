from django.core.management.base import BaseCommand

from saleor_loyalty.insight.paid_orders import reconcile


class Command(BaseCommand):
    help = (
        "Recompute the statistics' record of paid orders and of every customer's first "
        "paid order from the shop's orders (the nightly Celery job does the same; run it "
        "after importing orders without Saleor's hooks)."
    )

    def handle(self, *args, **options):
        written = reconcile()
        self.stdout.write(f"Paid orders reconciled: {written} rows written.")
