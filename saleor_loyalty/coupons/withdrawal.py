"""Coupons the shop can no longer honour: their voucher, or the product or variant a
points-mall reward gives, was deleted in Saleor, or their member's account was.

Withdrawing a coupon that was not used ends it now (`withdrawn_at`, `valid_until`; its
voucher, when it still exists, ends too, so Saleor's checkout refuses the code) and gives
back the points it was bought with, as when a coupon expires unused. Used coupons stay
used: what was spent on them stays spent. Everything runs in the deleting transaction.
"""
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from saleor_loyalty.coupons import member_coupons
from saleor_loyalty.coupons.models import Coupon, RewardKind
from saleor_loyalty.host import discounts as host_discounts

VOUCHER_DELETED = "Coupon withdrawn: its voucher was deleted"
PRODUCT_DELETED = "Coupon withdrawn: the product it gives was deleted"
ACCOUNT_DELETED = "Coupon withdrawn: the account was deleted"


def withdraw(coupons, now: datetime, reason: str, end_vouchers: bool = True) -> int:
    """Withdraw the unused coupons among `coupons` (a queryset); returns how many were
    still valid. Points of unused coupons bought with points come back once, expired
    ones' included (the hourly job would give them back later otherwise)."""
    unused = coupons.filter(used_at__isnull=True).exclude(host_discounts.used_voucher_q("voucher"))
    valid = unused.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now),
                          withdrawn_at__isnull=True)
    voucher_ids = [v for v in valid.values_list("voucher_id", flat=True) if v is not None]
    withdrawn = Coupon.objects.filter(pk__in=list(valid.values_list("pk", flat=True))).update(
        withdrawn_at=now, valid_until=now
    )
    if end_vouchers and voucher_ids:
        host_discounts.end_vouchers(voucher_ids, now)
    owed = unused.filter(points_spent__gt=0, points_returned_at__isnull=True)
    for coupon_id in owed.order_by("pk").values_list("pk", flat=True):
        member_coupons.return_points(coupon_id, now, reason)
    return withdrawn


def voucher_deleted(voucher_id: int) -> int:
    """Staff deleted a voucher in Saleor: its member coupon (if any) ends."""
    return withdraw(Coupon.objects.filter(voucher_id=voucher_id), timezone.now(),
                    VOUCHER_DELETED, end_vouchers=False)


def product_deleted(product_id: int) -> int:
    """Staff deleted a product in Saleor: member coupons that give it (points-mall
    rewards) can take nothing off any more, so they end and give their points back."""
    voucher_ids = host_discounts.voucher_ids_for_products([product_id])
    if not voucher_ids:
        return 0
    return withdraw(Coupon.objects.filter(voucher_id__in=voucher_ids), timezone.now(),
                    PRODUCT_DELETED)


def variant_deleted(variant_id: int) -> int:
    """Staff deleted a product variant in Saleor: coupons of the PRODUCT rewards that give
    it end and give their points back (the voucher names the product, so the code would
    otherwise take another variant of it free). The reward itself goes with the variant."""
    coupons = Coupon.objects.filter(reward__variant_id=variant_id, reward__kind=RewardKind.PRODUCT)
    return withdraw(coupons, timezone.now(), PRODUCT_DELETED)


def member_account_deleted(member_id: int, now: datetime) -> int:
    """Every coupon of a member whose account is being deleted: nobody may use them."""
    return withdraw(Coupon.objects.filter(member_id=member_id), now, ACCOUNT_DELETED)
