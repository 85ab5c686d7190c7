"""Saleor 2.10 vouchers, as member coupons need them.

A member coupon is an ordinary Saleor voucher (single use, dates, minimum spend), so
Saleor's checkout computes its discount and counts its use; the loyalty side keeps who
owns it. Vouchers are created one at a time (`create_voucher`) or, for the periodic
jobs, by one INSERT ... SELECT (`insert_vouchers_sql`).
"""
from typing import Iterable, Optional

from django.db.models import Q
from saleor.discount import VoucherType
from saleor.discount.models import Voucher
from saleor.order import OrderStatus
from saleor.order.models import Order

from saleor_loyalty.host.vouchers import VOUCHER_TABLE, VoucherTerms, VoucherValue

CODE_LENGTH = 12  # Saleor 2.10's Voucher.code is 12 characters at most
# SQL of a relation (id, used): each voucher and the uses Saleor counted of it.
VOUCHER_USES_SQL = f"SELECT id, used FROM {VOUCHER_TABLE}"


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


def insert_vouchers_sql(source: str, name: str = "vouchers") -> str:
    """Items of a WITH clause (here one, `<name> AS (...)`) inserting one single-use
    voucher per row of the CTE `source` (columns code, name, value_type, value,
    minimum_spend, valid_from, valid_until) in the currency `%(currency)s` (the shop's
    base currency); `name` is then the (id, code) of each new voucher."""
    return f"""
        {name} AS (
            INSERT INTO {VOUCHER_TABLE} (type, name, code, usage_limit, used, start_date,
                end_date, apply_once_per_order, apply_once_per_customer, discount_value_type,
                discount_value, countries, currency, min_spent_amount)
            SELECT '{VoucherType.ENTIRE_ORDER}', s.name, s.code, 1, 0, s.valid_from,
                   s.valid_until, false, true, s.value_type, s.value, '', %(currency)s,
                   s.minimum_spend
            FROM {source} s
            RETURNING id, code
        )
    """


def voucher_id_for_code(code: str) -> Optional[int]:
    if not code:
        return None
    return Voucher.objects.filter(code=code.strip()).values_list("pk", flat=True).first()


def select_vouchers(queryset, path: str = "voucher"):
    """`queryset` (of rows with a voucher at `path`) reading each voucher with what
    `voucher_code`, `voucher_used_up` and `voucher_value` need, in one query."""
    return queryset.select_related(path)


def voucher_of(row, path: str = "voucher") -> Optional[Voucher]:
    """The voucher at `path` of a row read through `select_vouchers`."""
    return getattr(row, path)


def voucher_code(voucher: Voucher) -> str:
    return voucher.code


def voucher_used_up(voucher: Voucher) -> bool:
    """Whether Saleor counted as many uses of the voucher as it allows (one by default)."""
    return voucher.used >= (voucher.usage_limit or 1)


def voucher_value(voucher: Voucher, channel_slug: Optional[str] = None) -> VoucherValue:
    """What the voucher takes off (2.10 has no channels: `channel_slug` is for Saleor 3)."""
    return VoucherValue(
        value_type=voucher.discount_value_type, value=voucher.discount_value,
        minimum_spend=voucher.min_spent_amount, currency=voucher.currency,
    )


def used_voucher_q(path: str = "voucher") -> Q:
    """Rows whose voucher (at `path`) Saleor has counted a use of."""
    return Q(**{f"{path}__used__gt": 0})


def voucher_ids_with_uses(voucher_ids: Iterable[int]) -> set:
    """Which of the vouchers Saleor has counted a use of (an order was placed)."""
    return set(
        Voucher.objects.filter(pk__in=list(voucher_ids), used__gt=0).values_list("pk", flat=True)
    )


def voucher_discounts_sql() -> str:
    """SQL for (voucher_id, amount, currency): the discount each of the vouchers
    %(vouchers)s (an integer array) gave on the orders placed with it (Saleor 2.10 keeps
    an order's voucher discount on the order); drafts and cancelled orders gave none."""
    return f"""
        SELECT o.voucher_id, o.discount_amount AS amount, o.currency
        FROM {Order._meta.db_table} o
        WHERE o.voucher_id = ANY(%(vouchers)s)
          AND o.status NOT IN ('{OrderStatus.DRAFT}', '{OrderStatus.CANCELED}')
    """
