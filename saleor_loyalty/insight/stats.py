"""Program statistics for a period, each figure one SQL aggregate (see the README's
"Statistics" for the definitions).

Orders count only when paid (money captured and kept), never drafts or cancelled
orders. Five statements: members (counts, tiers, outstanding points), the ledger
of the period, the paid orders of the period (with the customers whose first paid
order ever was one of them; both from paid_orders.py), their money per currency, and
the coupons issued in the period.

Money is never added across currencies: order values are per currency, and the
outstanding points are valued in each currency that gives points a value (each
figure is the whole liability in that currency). The single figures of the API are
the base currency's.
"""
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from decimal import Decimal
from typing import Dict, List, Optional

from django.db import connections, router

from saleor_loyalty.core.currencies import round_money
from saleor_loyalty.core.program import Program
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.insight import paid_orders
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction, TransactionKind, TransactionStatus
from saleor_loyalty.tiers.models import Tier

BEGINNING = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)
# Kinds of ledger rows that give points to members (positive rows only).
ISSUING_KINDS = (
    TransactionKind.EARN,
    TransactionKind.BONUS,
    TransactionKind.REFERRAL,
    TransactionKind.CHECK_IN,
    TransactionKind.ADJUSTMENT,
)


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class TierShare:
    tier: Tier
    members: int
    share: float


@dataclass(frozen=True)
class CouponRedemption:
    kind: str
    issued: int
    used: int
    rate: float


@dataclass(frozen=True)
class OrderValues:
    """Paid orders of the period in one currency, by members and by guests (and
    customers who were not members when they ordered)."""

    currency: str
    member_average: Optional[Decimal]
    guest_average: Optional[Decimal]
    member_revenue: Decimal
    guest_revenue: Decimal


@dataclass(frozen=True)
class Stats:
    period: Period
    currency: str
    members: int
    active_members: int
    user_repurchase_rate: float
    order_repurchase_rate: float
    tier_distribution: List[TierShare]
    points_issued: int
    points_redeemed: int
    points_expired: int
    outstanding_points: int
    outstanding_liability: Decimal
    member_average_order_value: Optional[Decimal]
    guest_average_order_value: Optional[Decimal]
    coupon_redemption: List[CouponRedemption]
    # Base currency first, then by currency code.
    order_values: List[OrderValues]
    liability_by_currency: Dict[str, Decimal]


def make_period(start: Optional[datetime], end: Optional[datetime], now: datetime) -> Period:
    """Open bounds: from the beginning, until now."""
    return Period(start=start or BEGINNING, end=end or now)


# Members whose account was deleted (erased) count until then, never as current members.
_MEMBERS_SQL = """
SELECT tier_id, COUNT(*) FILTER (WHERE erased_at IS NULL) AS current_members,
       COUNT(*) FILTER (WHERE joined_at <= %(end)s
                        AND (erased_at IS NULL OR erased_at > %(end)s)) AS members_by_end,
       COALESCE(SUM(points_balance), 0) AS outstanding
FROM {member} GROUP BY tier_id
"""

_LEDGER_SQL = """
SELECT
  COALESCE(SUM(points) FILTER (WHERE points > 0 AND kind = ANY(%(issuing)s)
                               AND status <> %(void)s), 0) AS issued,
  COALESCE(-SUM(points) FILTER (WHERE kind = %(redeem)s AND status <> %(void)s), 0) AS redeemed,
  COALESCE(-SUM(points) FILTER (WHERE kind = %(expiry)s), 0) AS expired
FROM {txn}
WHERE created_at >= %(start)s AND created_at <= %(end)s
"""

# An order of the period is a repeat order unless it is the customer's first paid
# order ever: the repeat orders are the customers' orders of the period less the
# customers whose first paid order was placed in the period. Both come from the
# plugin's record of paid orders (paid_orders.py), not from Saleor's tables.
_ORDERS_SQL = """
WITH orders AS ({period_orders}),
buyers AS (
    SELECT user_id, COUNT(*) AS orders FROM orders
    WHERE user_id IS NOT NULL GROUP BY user_id
)
SELECT
  (SELECT COUNT(*) FROM buyers) AS buyers,
  (SELECT COUNT(*) FROM buyers WHERE orders >= 2) AS repeat_buyers,
  (SELECT COALESCE(SUM(orders), 0) FROM buyers) AS customer_orders,
  ({first_orders}) AS first_orders,
  COUNT(DISTINCT member_id) AS active_members
FROM orders
"""

# Money of the period's paid orders per currency (orders recorded before their currency
# was, and no longer in the shop, have none and are left out).
_ORDER_VALUES_SQL = """
SELECT currency,
       AVG(paid) FILTER (WHERE member_id IS NOT NULL) AS member_aov,
       AVG(paid) FILTER (WHERE member_id IS NULL) AS guest_aov,
       COALESCE(SUM(paid) FILTER (WHERE member_id IS NOT NULL), 0) AS member_revenue,
       COALESCE(SUM(paid) FILTER (WHERE member_id IS NULL), 0) AS guest_revenue
FROM ({period_orders}) orders WHERE currency <> ''
GROUP BY currency
"""

# Coupons issued in the period, per kind, and how many of them were used (at any time).
_COUPONS_SQL = """
SELECT c.kind, COUNT(*) AS issued,
       COUNT(*) FILTER (WHERE c.used_at IS NOT NULL OR v.used > 0) AS used
FROM {coupon} c LEFT JOIN ({voucher_uses}) v ON v.id = c.voucher_id
WHERE c.created_at >= %(start)s AND c.created_at <= %(end)s
GROUP BY c.kind ORDER BY c.kind
"""


def _fetchall(sql: str, params: dict):
    # A read: goes where the project's database routers send reads (a replica).
    with connections[router.db_for_read(Member)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _order_values(program: Program, params: dict) -> List[OrderValues]:
    rows = _fetchall(
        _ORDER_VALUES_SQL.format(period_orders=paid_orders.PAID_ORDERS_BETWEEN_SQL), params)
    values = [
        OrderValues(
            currency=currency,
            member_average=None if member_aov is None else round_money(member_aov, currency),
            guest_average=None if guest_aov is None else round_money(guest_aov, currency),
            member_revenue=round_money(member_revenue, currency),
            guest_revenue=round_money(guest_revenue, currency),
        )
        for currency, member_aov, guest_aov, member_revenue, guest_revenue in rows
    ]
    return sorted(values, key=lambda v: (v.currency != program.currency, v.currency))


def compute_stats(program: Program, period: Period) -> Stats:
    params = {"start": period.start, "end": period.end}
    tier_rows = _fetchall(_MEMBERS_SQL.format(member=Member._meta.db_table), params)
    current = sum(row[1] for row in tier_rows)
    by_tier = {row[0]: row[1] for row in tier_rows}
    outstanding = sum(row[3] for row in tier_rows)

    (issued, redeemed, expired), = _fetchall(
        _LEDGER_SQL.format(txn=PointsTransaction._meta.db_table),
        {**params, "issuing": [k.value for k in ISSUING_KINDS],
         "void": TransactionStatus.VOID.value, "redeem": TransactionKind.REDEEM.value,
         "expiry": TransactionKind.EXPIRY.value},
    )

    orders_sql = _ORDERS_SQL.format(
        period_orders=paid_orders.PAID_ORDERS_BETWEEN_SQL,
        first_orders=paid_orders.FIRST_ORDERS_BETWEEN_SQL,
    )
    (buyers, repeat_buyers, customer_orders, first_paid_orders, active), = _fetchall(
        orders_sql, params)
    order_values = _order_values(program, params)
    base_values = next((v for v in order_values if v.currency == program.currency), None)
    liability = {
        currency: round_money(outstanding * value, currency)
        for currency, value in program.point_values().items()
    }

    coupon_rows = _fetchall(
        _COUPONS_SQL.format(coupon=Coupon._meta.db_table,
                            voucher_uses=host_discounts.VOUCHER_USES_SQL),
        params,
    )

    return Stats(
        period=period,
        currency=program.currency,
        members=sum(row[2] for row in tier_rows),
        active_members=active,
        user_repurchase_rate=_rate(repeat_buyers, buyers),
        order_repurchase_rate=_rate(int(customer_orders) - first_paid_orders,
                                    int(customer_orders)),
        tier_distribution=[
            TierShare(tier=tier, members=by_tier.get(tier.pk, 0),
                      share=_rate(by_tier.get(tier.pk, 0), current))
            for tier in Tier.objects.order_by("rank")
        ],
        points_issued=issued,
        points_redeemed=redeemed,
        points_expired=expired,
        outstanding_points=outstanding,
        outstanding_liability=liability[program.currency],
        member_average_order_value=base_values and base_values.member_average,
        guest_average_order_value=base_values and base_values.guest_average,
        coupon_redemption=[
            CouponRedemption(kind=kind, issued=issued, used=used, rate=_rate(used, issued))
            for kind, issued, used in coupon_rows
        ],
        order_values=order_values,
        liability_by_currency=liability,
    )
