"""Gifts that campaigns and journey steps give a member: bonus points and/or a coupon.

A gift is named by a key (`campaign:<id>:<member>`, `journey:<send>`): the coupon's
occasion and the ledger row carry it, both unique, so giving the same gift again gives
nothing twice.
"""
from datetime import datetime
from decimal import Decimal
from typing import Optional, Tuple

from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import Program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import TransactionKind

MAX_BONUS = 10 ** 6
MAX_VALID_DAYS = 3650
DEFAULT_VALID_DAYS = 30


def validated_gift(data: dict, errors: ErrorCollector) -> dict:
    """The gift fields of `data` (bonus_points, coupon_value, coupon_value_type,
    coupon_valid_days), checked; problems go to `errors` under their GraphQL names."""
    bonus = data.get("bonus_points") or 0
    if not 0 <= bonus <= MAX_BONUS:
        errors.add("bonusPoints", LoyaltyErrorCode.INVALID, f"Bonus points are 0 to {MAX_BONUS}.")
    value = data.get("coupon_value")
    value_type = data.get("coupon_value_type") or host_discounts.FIXED
    days = data.get("coupon_valid_days")
    days = DEFAULT_VALID_DAYS if days is None else days
    if value is not None:
        if not Decimal(value).is_finite() or value <= 0 or (
            value_type == host_discounts.PERCENTAGE and value > 100
        ):
            errors.add("couponValue", LoyaltyErrorCode.INVALID,
                       "A coupon is worth more than 0 (and at most 100 percent).")
        if not 1 <= days <= MAX_VALID_DAYS:
            errors.add("couponValidDays", LoyaltyErrorCode.INVALID,
                       f"A coupon is valid for 1 to {MAX_VALID_DAYS} days.")
    return {
        "bonus_points": bonus, "coupon_value": value,
        "coupon_value_type": value_type if value is not None else "",
        "coupon_valid_days": days if value is not None else None,
    }


def give(member: Member, key: str, name: str, gift, coupon_kind: str, program: Program,
         now: datetime) -> Tuple[Optional[Coupon], int]:
    """Give `gift` (an object with the four gift fields) to a locked member; returns the
    coupon and the points given. A member whose account was deleted gets nothing."""
    if member.erased_at is not None:
        return None, 0
    coupon = None
    if gift.coupon_value is not None:
        terms = host_discounts.VoucherTerms(
            name=name, value_type=gift.coupon_value_type, value=gift.coupon_value,
            valid_from=now,
            valid_until=coupons.end_of_day(timezone.localdate(now), gift.coupon_valid_days),
        )
        coupon = coupons.issue(member, coupon_kind, key, terms, now)
    if gift.bonus_points:
        ledger.credit(member, key=key, kind=TransactionKind.BONUS, points=gift.bonus_points,
                      now=now, lifetime_days=program.points_lifetime_days, reason=name)
    return coupon, gift.bonus_points
