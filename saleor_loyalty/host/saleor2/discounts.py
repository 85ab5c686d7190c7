"""Saleor 2.10 vouchers, as member coupons need them.

A member coupon is an ordinary Saleor voucher (single use, dates, minimum spend), so
Saleor's checkout computes its discount and counts its use; the loyalty side keeps who
owns it. Vouchers are created one at a time (`create_voucher`) or, for the periodic
jobs, by one INSERT ... SELECT (`insert_vouchers_sql`).
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Dict, Iterable, Optional

from django.db.models import Q
from saleor.checkout.models import Checkout
from saleor.discount import DiscountValueType, VoucherType
from saleor.discount.models import Voucher

FIXED = DiscountValueType.FIXED
PERCENTAGE = DiscountValueType.PERCENTAGE
VOUCHER_TABLE = Voucher._meta.db_table
CODE_LENGTH = 12  # Saleor 2.10's Voucher.code is 12 characters at most
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


def create_voucher(code: str, terms: VoucherTerms) -> Voucher:
    """A single-use voucher (also once per customer) on the whole order, or on one
    unit of a product."""
    voucher = Voucher.objects.create(
        code=code,
        name=terms.name[:255],
        type=VoucherType.SPECIFIC_PRODUCT if terms.product_id else VoucherType.ENTIRE_ORDER,
        usage_limit=1,
        apply_once_per_customer=True,
        apply_once_per_order=bool(terms.product_id),
        discount_value_type=terms.value_type,
        discount_value=terms.value,
        min_spent_amount=terms.minimum_spend or None,
        start_date=terms.valid_from,
        end_date=terms.valid_until,
    )
    if terms.product_id:
        voucher.products.add(terms.product_id)
    return voucher


def insert_vouchers_sql(source: str) -> str:
    """SQL inserting one single-use voucher per row of the CTE `source`, which has the
    columns code, name, value_type, value, minimum_spend, valid_from, valid_until;
    returns (id, code) of each voucher."""
    return f"""
        INSERT INTO {VOUCHER_TABLE} (type, name, code, usage_limit, used, start_date,
            end_date, apply_once_per_order, apply_once_per_customer, discount_value_type,
            discount_value, countries, currency, min_spent_amount)
        SELECT '{VoucherType.ENTIRE_ORDER}', s.name, s.code, 1, 0, s.valid_from,
               s.valid_until, false, true, s.value_type, s.value, '', %(currency)s,
               s.minimum_spend
        FROM {source} s
        RETURNING id, code
    """


def voucher_id_for_code(code: str) -> Optional[int]:
    if not code:
        return None
    return Voucher.objects.filter(code=code.strip()).values_list("pk", flat=True).first()


def voucher_ids_with_uses(voucher_ids: Iterable[int]) -> set:
    """Which of the vouchers Saleor has counted a use of (an order was placed)."""
    return set(
        Voucher.objects.filter(pk__in=list(voucher_ids), used__gt=0).values_list("pk", flat=True)
    )


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


def vouchers_by_id(voucher_ids: Iterable[int]) -> Dict[int, Voucher]:
    return Voucher.objects.in_bulk(list(voucher_ids))


def checkout_owner_and_voucher(token) -> Optional[tuple]:
    """(user id, voucher code) of a checkout; None when there is no such checkout."""
    return Checkout.objects.filter(token=token).values_list("user_id", "voucher_code").first()


def used_voucher_id(order) -> Optional[int]:
    return order.voucher_id

