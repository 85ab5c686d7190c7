from django.core.management.base import BaseCommand

from saleor_loyalty.coupons.tasks import return_expired_coupon_points_task


class Command(BaseCommand):
    help = "Give back the points of coupons bought with points that expired unused."

    def handle(self, *args, **options):
        returned = return_expired_coupon_points_task()
        self.stdout.write(f"Points returned for {returned} expired coupons.")
