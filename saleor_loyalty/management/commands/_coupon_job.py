"""Shared body of the calendar coupon commands (one command per job)."""
from django.core.management.base import BaseCommand

from saleor_loyalty.coupons.tasks import issue_occasion_coupons


class CouponJobCommand(BaseCommand):
    job = ""

    def handle(self, *args, **options):
        issued = issue_occasion_coupons(self.job)
        self.stdout.write(f"{issued} {self.job.replace('_', ' ')} coupons issued.")
