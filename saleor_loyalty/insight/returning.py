"""Returning-customer insight for a period: what first-time buyers buy and what repeat
buyers buy (top products and categories), and when each group orders (weekday and hour
in the shop's time zone). See the README's "Statistics".

An order of the period is a customer's first order when it is their first paid order
ever (`CustomerFirstOrder.first_paid_at`), a repeat order when it was placed after it;
both come from the plugin's record of paid orders (paid_orders.py), as the repurchase
rates of the statistics do. Guest checkouts, and orders whose customer's account was
deleted since, have no customer to return: they are left out.

Products and categories are read from the orders' lines (host.order_lines): quantity
bought, orders holding them and revenue, the lines' gross totals in the base currency
(other currencies at their currency rule's rate; a currency without a rule counts as
nothing, as in segments). Lines whose product was deleted since are left out.
Two statements: the orders per group, weekday and hour, then the ranked lines.
"""
from dataclasses import dataclass
from decimal import Decimal
from typing import Dict, List, Tuple

from django.db import connections, router
from django.utils import timezone

from saleor_loyalty.core.currencies import RATES_SQL, rate_params, round_money
from saleor_loyalty.core.program import Program
from saleor_loyalty.host.order_lines import order_lines_sql
from saleor_loyalty.insight.models import CustomerFirstOrder, PaidOrder
from saleor_loyalty.insight.stats import Period

DEFAULT_TOP = 10
MAX_TOP = 50
WEEKDAYS = range(1, 8)  # ISO: 1 is Monday, 7 is Sunday
HOURS = range(24)


@dataclass(frozen=True)
class RankedItem:
    """A product or a category among one group's orders."""

    id: int
    name: str
    quantity: int
    orders: int
    revenue: Decimal  # in the base currency


@dataclass(frozen=True)
class Ranking:
    first_time: List[RankedItem]
    repeat: List[RankedItem]


@dataclass(frozen=True)
class OrderCount:
    """Orders at one weekday (1-7) or hour (0-23), first-time and repeat."""

    at: int
    first_time: int
    repeat: int


@dataclass(frozen=True)
class ReturningCustomers:
    period: Period
    time_zone: str
    currency: str
    first_orders: int
    repeat_orders: int
    top_products: Ranking
    top_categories: Ranking
    by_weekday: List[OrderCount]
    by_hour: List[OrderCount]


# The customers' paid orders of the period, each marked first or repeat.
_ORDERS_SQL = f"""
SELECT o.order_key, o.currency, o.created, o.created > f.first_paid_at AS is_repeat
FROM {PaidOrder._meta.db_table} o
JOIN {CustomerFirstOrder._meta.db_table} f ON f.user_id = o.user_id
WHERE o.created >= %(start)s AND o.created <= %(end)s AND o.paid > 0
"""

_CLOCK_SQL = f"""
SELECT is_repeat,
       EXTRACT(ISODOW FROM created AT TIME ZONE %(tz)s)::int AS weekday,
       EXTRACT(HOUR FROM created AT TIME ZONE %(tz)s)::int AS hour,
       COUNT(*)
FROM ({_ORDERS_SQL}) orders
GROUP BY 1, 2, 3
"""

# Ranked by quantity, then revenue, then id (the same order every time).
_TOP_SQL = f"""
WITH orders AS ({_ORDERS_SQL}),
lines AS (
    SELECT l.*, o.is_repeat, l.gross * COALESCE(r.rate, 0) AS revenue
    FROM ({order_lines_sql("SELECT order_key FROM orders")}) l
    JOIN orders o ON o.order_key = l.order_key
    LEFT JOIN ({RATES_SQL}) r ON r.currency = o.currency
),
grouped AS (
    SELECT 'product' AS kind, is_repeat, product_id AS item_id, MIN(product_name) AS name,
           SUM(quantity) AS quantity, COUNT(DISTINCT order_key) AS orders, SUM(revenue) AS revenue
    FROM lines WHERE product_id IS NOT NULL GROUP BY is_repeat, product_id
    UNION ALL
    SELECT 'category', is_repeat, category_id, MIN(category_name),
           SUM(quantity), COUNT(DISTINCT order_key), SUM(revenue)
    FROM lines WHERE category_id IS NOT NULL GROUP BY is_repeat, category_id
)
SELECT kind, is_repeat, item_id, name, quantity, orders, revenue FROM (
    SELECT g.*, ROW_NUMBER() OVER (PARTITION BY kind, is_repeat
                                   ORDER BY quantity DESC, revenue DESC, item_id) AS rank
    FROM grouped g
) ranked
WHERE rank <= %(top)s
ORDER BY kind, is_repeat, rank
"""


def _fetchall(sql: str, params: dict):
    # A read: goes where the project's database routers send reads (a replica).
    with connections[router.db_for_read(PaidOrder)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts(rows, position: int, keys) -> List[OrderCount]:
    counts: Dict[Tuple[int, bool], int] = {}
    for row in rows:
        key = (row[position], row[0])
        counts[key] = counts.get(key, 0) + row[3]
    return [OrderCount(at=k, first_time=counts.get((k, False), 0), repeat=counts.get((k, True), 0))
            for k in keys]


def returning_customers(program: Program, period: Period, top: int = DEFAULT_TOP) -> ReturningCustomers:
    """The insight for `period`, with the `top` (1 to MAX_TOP) products and categories of
    each group."""
    if not 1 <= top <= MAX_TOP:
        raise ValueError(f"top is 1 to {MAX_TOP}")
    time_zone = timezone.get_current_timezone_name()
    params = {"start": period.start, "end": period.end, "tz": time_zone, "top": top,
              **rate_params(program.rates())}
    clock = _fetchall(_CLOCK_SQL, params)
    ranked: Dict[Tuple[str, bool], List[RankedItem]] = {}
    for kind, is_repeat, item_id, name, quantity, orders, revenue in _fetchall(_TOP_SQL, params):
        ranked.setdefault((kind, is_repeat), []).append(RankedItem(
            id=item_id, name=name, quantity=int(quantity), orders=orders,
            revenue=round_money(revenue, program.currency)))

    def ranking(kind: str) -> Ranking:
        return Ranking(first_time=ranked.get((kind, False), []), repeat=ranked.get((kind, True), []))

    return ReturningCustomers(
        period=period,
        time_zone=time_zone,
        currency=program.currency,
        first_orders=sum(row[3] for row in clock if not row[0]),
        repeat_orders=sum(row[3] for row in clock if row[0]),
        top_products=ranking("product"),
        top_categories=ranking("category"),
        by_weekday=_counts(clock, 1, WEEKDAYS),
        by_hour=_counts(clock, 2, HOURS),
    )
