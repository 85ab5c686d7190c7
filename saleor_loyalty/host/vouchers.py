"""Saleor's vouchers as both Saleor generations keep them: the value types, the table, a
coupon's terms and value, a voucher's dates and products, a checkout's code.

Each generation's adapter (`host/<generation>/discounts.py`) builds on these where codes,
uses and values differ (on Saleor 3 they live in `VoucherCode` and `VoucherChannelListing`).
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Iterable, Optional

from django.db.models import Q
from saleor.checkout.models import Checkout
from saleor.discount import DiscountValueType
from saleor.discount.models import Voucher

FIXED = DiscountValueType.FIXED
PERCENTAGE = DiscountValueType.PERCENTAGE
VOUCHER_TABLE = Voucher._meta.db_table


@dataclass(frozen=True)
class VoucherTerms:
    """What a coupon is worth and when it can be used."""

    name: str
    value_type: str  # FIXED or PERCENTAGE
    value: Decimal
    valid_from: datetime
    valid_until: Optional[datetime]
    minimum_spend: Optional[Decimal] = None
    product_id: Optional[int] = None  # one unit of this product for `value`% off


@dataclass(frozen=True)
class VoucherValue:
    """What a voucher takes off, as a customer reads it."""

    value_type: str  # FIXED or PERCENTAGE
    value: Decimal
    minimum_spend: Optional[Decimal]
    currency: str


def voucher_ids_for_products(product_ids: Iterable[int]) -> set:
    """The vouchers that take something off one of these products."""
    return set(
        Voucher.products.through.objects.filter(product_id__in=list(product_ids))
        .values_list("voucher_id", flat=True)
    )


def end_vouchers(voucher_ids: Iterable[int], now: datetime) -> int:
    """Make the vouchers end now (those that would have lasted longer): Saleor's checkout
    refuses their codes from then on. Returns how many changed."""
    return (
        Voucher.objects.filter(pk__in=list(voucher_ids))
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=now))
        .update(end_date=now)
    )


def checkout_owner_and_voucher(token) -> Optional[tuple]:
    """(user id, voucher code) of a checkout; None when there is no such checkout."""
    return Checkout.objects.filter(token=token).values_list("user_id", "voucher_code").first()


