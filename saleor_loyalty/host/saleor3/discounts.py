"""Saleor 3 vouchers, as member coupons need them.

A member coupon is an ordinary Saleor voucher, so Saleor's checkout computes its discount
and counts its use; the loyalty side keeps who owns it. On Saleor 3 a voucher's code is a
`VoucherCode` row (which counts the uses) and its value and minimum spend are a
`VoucherChannelListing` per channel: a member coupon is listed in every channel the shop
sells in, with the same amount in each channel's currency. Vouchers are created one at a
time (`create_voucher`) or, for the periodic jobs, by one statement (`insert_vouchers_sql`).

What reads the same on both generations is in `host/vouchers.py`.
"""
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Optional

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Sum, TextField
from django.db.models.functions import Cast, JSONObject
from saleor.channel.models import Channel
from saleor.discount import VoucherType
from saleor.discount.models import (
    OrderDiscount,
    OrderLineDiscount,
    Voucher,
    VoucherChannelListing,
    VoucherCode,
)
from saleor.order import OrderStatus
from saleor.order.models import Order, OrderLine

from saleor_loyalty.host.vouchers import VOUCHER_TABLE, VoucherTerms, VoucherValue

from .products import channel_slug_or_default, selling_channels

# Member codes stay 12 characters (60 random bits in the coupons' alphabet); Saleor 3's
# VoucherCode.code would take up to 255.
CODE_LENGTH = 12
# SQL of a relation (id, used): each voucher that has codes and the uses Saleor counted
# of them (of all its codes together, as Saleor's usage limit counts them).
VOUCHER_USES_SQL = (
    f"SELECT voucher_id AS id, SUM(used) AS used FROM {VoucherCode._meta.db_table} "
    "GROUP BY voucher_id"
)


def create_voucher(code: str, terms: VoucherTerms) -> Voucher:
    """A single-use voucher (also once per customer) on the whole order, or on one
    unit of a product, listed in every channel the shop sells in."""
    with transaction.atomic():
        voucher = Voucher.objects.create(
            name=terms.name[:255],
            type=VoucherType.SPECIFIC_PRODUCT if terms.product_id else VoucherType.ENTIRE_ORDER,
            usage_limit=1,
            single_use=True,
            apply_once_per_customer=True,
            apply_once_per_order=bool(terms.product_id),
            discount_value_type=terms.value_type,
            start_date=terms.valid_from,
            end_date=terms.valid_until,
        )
        VoucherCode.objects.create(voucher=voucher, code=code)
        VoucherChannelListing.objects.bulk_create(
            VoucherChannelListing(
                voucher=voucher, channel=channel, currency=channel.currency_code,
                discount_value=terms.value, min_spent_amount=terms.minimum_spend or None,
            )
            for channel in selling_channels()
        )
        if terms.product_id:
            voucher.products.add(terms.product_id)
    return voucher


def insert_vouchers_sql(source: str, name: str = "vouchers") -> str:
    """Items of a WITH clause (`a AS (...), b AS (...), <name> AS (...)`) inserting one
    single-use voucher per row of the CTE `source` (columns code, name, value_type,
    value, minimum_spend, valid_from, valid_until), with its code and a listing in every
    active channel; `name` is then the (id, code) of each new voucher.

    Several data-modifying CTEs, because PostgreSQL allows them only at the top level of
    a statement: the voucher ids are drawn first, so codes and listings can name them.
    """
    sequence = f"pg_get_serial_sequence('{VOUCHER_TABLE}', 'id')"
    return f"""
        {name}_new AS (
            SELECT nextval({sequence}) AS id, s.code, s.name, s.value_type, s.value,
                   s.minimum_spend, s.valid_from, s.valid_until
            FROM {source} s
        ),
        {name}_rows AS (
            INSERT INTO {VOUCHER_TABLE} (id, type, name, usage_limit, single_use, start_date,
                end_date, apply_once_per_order, apply_once_per_customer, only_for_staff,
                discount_value_type, countries)
            SELECT n.id, '{VoucherType.ENTIRE_ORDER}', n.name, 1, true, n.valid_from,
                   n.valid_until, false, true, false, n.value_type, ''
            FROM {name}_new n
            RETURNING id
        ),
        {name}_codes AS (
            INSERT INTO {VoucherCode._meta.db_table} (id, code, used, is_active, voucher_id,
                created_at)
            SELECT gen_random_uuid(), n.code, 0, true, n.id, now() FROM {name}_new n
        ),
        {name}_listings AS (
            INSERT INTO {VoucherChannelListing._meta.db_table} (voucher_id, channel_id,
                discount_value, currency, min_spent_amount)
            SELECT n.id, c.id, n.value, c.currency_code, NULLIF(n.minimum_spend, 0)
            FROM {name}_new n CROSS JOIN {Channel._meta.db_table} c
            WHERE c.is_active
        ),
        {name} AS (
            SELECT r.id, n.code FROM {name}_rows r JOIN {name}_new n ON n.id = r.id
        )
    """


def voucher_id_for_code(code: str) -> Optional[int]:
    if not code:
        return None
    return (
        VoucherCode.objects.filter(code=code.strip()).values_list("voucher_id", flat=True).first()
    )


def voucher_ids_with_uses(voucher_ids: Iterable[int]) -> set:
    """Which of the vouchers Saleor has counted a use of (an order was placed with one
    of its codes)."""
    return set(
        VoucherCode.objects.filter(voucher_id__in=list(voucher_ids), used__gt=0)
        .values_list("voucher_id", flat=True)
    )


@dataclass(frozen=True)
class _Listing:
    channel_slug: str
    value: Decimal
    minimum_spend: Optional[Decimal]
    currency: str


@dataclass(frozen=True)
class _Codes:
    first: Optional[str]  # as Saleor's `Voucher.code` reads it
    uses: int  # of all the voucher's codes


def _codes_of(voucher_id):
    return VoucherCode.objects.filter(voucher_id=voucher_id)


def _listings_of(voucher_id):
    return VoucherChannelListing.objects.filter(voucher_id=voucher_id)


def select_vouchers(queryset, path: str = "voucher"):
    """`queryset` (of rows with a voucher at `path`) reading each voucher with what
    `voucher_code`, `voucher_used_up` and `voucher_value` need in the same query (its
    codes and channel listings by subqueries); `voucher_of(row, path)` hands them over."""
    codes = _codes_of(OuterRef(path))
    listing = JSONObject(channel_slug="channel__slug", value=Cast("discount_value", TextField()),
                         minimum_spend=Cast("min_spent_amount", TextField()), currency="currency")
    return queryset.select_related(path).annotate(
        loyalty_code=Subquery(codes.order_by("created_at", "-code").values("code")[:1]),
        loyalty_uses=Subquery(codes.order_by().values("voucher_id")
                              .annotate(total=Sum("used")).values("total")),
        loyalty_listings=Subquery(
            _listings_of(OuterRef(path)).order_by().values("voucher_id")
            .annotate(all=JSONBAgg(listing, order_by="channel_id")).values("all")),
    )


def voucher_of(row, path: str = "voucher") -> Optional[Voucher]:
    """The voucher at `path` of a row read through `select_vouchers`, with what it read."""
    voucher = getattr(row, path)
    if voucher is not None and hasattr(row, "loyalty_listings"):
        voucher.loyalty_codes = _Codes(row.loyalty_code, row.loyalty_uses or 0)
        voucher.loyalty_listings = [
            _Listing(item["channel_slug"], Decimal(item["value"]),
                     Decimal(item["minimum_spend"]) if item["minimum_spend"] is not None else None,
                     item["currency"])
            for item in row.loyalty_listings or []
        ]
    return voucher


def _codes(voucher: Voucher) -> _Codes:
    """The voucher's first code and uses (read by `select_vouchers`, else read now)."""
    if getattr(voucher, "loyalty_codes", None) is None:
        codes = list(_codes_of(voucher.pk))  # newest first
        voucher.loyalty_codes = _Codes(codes[-1].code if codes else None,
                                       sum(code.used for code in codes))
    return voucher.loyalty_codes


def voucher_code(voucher: Voucher) -> Optional[str]:
    return _codes(voucher).first


def voucher_used_up(voucher: Voucher) -> bool:
    """Whether Saleor counted as many uses of the voucher's codes as it allows (one by
    default)."""
    return _codes(voucher).uses >= (voucher.usage_limit or 1)


def voucher_value(voucher: Voucher, channel_slug: Optional[str] = None) -> Optional[VoucherValue]:
    """What the voucher takes off in the channel, in its currency; None when the voucher
    is not listed there. No channel: the default channel, else the first channel the
    voucher is listed in."""
    listings = getattr(voucher, "loyalty_listings", None)
    if listings is None:
        listings = voucher.loyalty_listings = [
            _Listing(item.channel.slug, item.discount_value, item.min_spent_amount, item.currency)
            for item in _listings_of(voucher.pk).select_related("channel").order_by("channel_id")
        ]
    wanted = channel_slug_or_default(channel_slug)
    listing = next((item for item in listings if item.channel_slug == wanted), None)
    if listing is None and channel_slug is None and listings:
        listing = listings[0]
    if listing is None:
        return None
    return VoucherValue(
        value_type=voucher.discount_value_type, value=listing.value,
        minimum_spend=listing.minimum_spend, currency=listing.currency,
    )


def used_voucher_q(path: str = "voucher") -> Q:
    """Rows whose voucher (at `path`) Saleor has counted a use of (of any of its codes)."""
    return Q(Exists(VoucherCode.objects.filter(voucher_id=OuterRef(path), used__gt=0)))


def voucher_discounts_sql() -> str:
    """SQL for (voucher_id, amount, currency): the discount each of the vouchers
    %(vouchers)s (an integer array) gave on the orders placed with it (Saleor 3 keeps
    a voucher's discount on the order, or on its lines for a voucher on some products);
    drafts and cancelled orders gave none."""
    placed = f"o.status NOT IN ('{OrderStatus.DRAFT}', '{OrderStatus.CANCELED}')"
    return f"""
        SELECT d.voucher_id, d.amount_value AS amount, d.currency
        FROM {OrderDiscount._meta.db_table} d JOIN {Order._meta.db_table} o ON o.id = d.order_id
        WHERE d.voucher_id = ANY(%(vouchers)s) AND {placed}
        UNION ALL
        SELECT d.voucher_id, d.amount_value, d.currency
        FROM {OrderLineDiscount._meta.db_table} d
        JOIN {OrderLine._meta.db_table} l ON l.id = d.line_id
        JOIN {Order._meta.db_table} o ON o.id = l.order_id
        WHERE d.voucher_id = ANY(%(vouchers)s) AND {placed}
    """
