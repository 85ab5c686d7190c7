from saleor_loyalty.management.commands._coupon_job import CouponJobCommand


class Command(CouponJobCommand):
    help = "Issue the winback coupons that are due (idempotent: each occasion once)."
    job = "winback"
