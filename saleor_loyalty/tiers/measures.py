"""The measures tiers qualify on, as SQL shared by the tier decision (qualification.py)
and the ranking of percentile tiers (shares.py), so both read the same numbers.

`measures` is a CTE of (member_id, tier_id, below_tier_since, lifetime_points, spend,
orders, paid_tier_id) over the members the statement concerns (erased members never):
spend is money kept from paid orders placed in the last 12 months, in the program's base
currency (other currencies at their currency rule's rate, none without a rule), orders
the number of those orders. `measure(alias)` is the value a tier (`alias`) qualifies on.

A review of every member computes the measures once (`measure_everyone`, into a
temporary table of the review's transaction) for its statements to share, instead of
reading a year of orders in each of them.
"""
from datetime import datetime, timedelta
from typing import List, Optional

from saleor_loyalty.core.currencies import RATES_SQL, rate_params
from saleor_loyalty.core.program import Program
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import Tier, TierChange

ROLLING_WINDOW = timedelta(days=365)
# A share's cutoff is stored with 3 decimals (Tier.share_cutoff): percentile tiers rank
# and compare on the measure rounded so, and so agree with the stored cutoff exactly.
SHARE_DECIMALS = 3

MEASURES_SQL = """
by_currency AS ({activity}),
rates AS ({rates}),
activity AS (
    SELECT a.user_id, SUM(a.spend * COALESCE(r.rate, 0)) AS spend, SUM(a.orders) AS orders
    FROM by_currency a LEFT JOIN rates r ON r.currency = a.currency
    GROUP BY a.user_id
),
measures AS (
    SELECT m.id AS member_id, m.tier_id, m.below_tier_since, m.lifetime_points,
           COALESCE(a.spend, 0) AS spend, COALESCE(a.orders, 0) AS orders,
           CASE WHEN m.paid_tier_until > %(now)s THEN m.paid_tier_id END AS paid_tier_id
    FROM {member} m LEFT JOIN activity a ON a.user_id = m.user_id
    WHERE {member_filter} AND m.erased_at IS NULL
)"""

# When no tier qualifies on orders: no order is read, spend and orders are 0.
WITHOUT_ORDERS_SQL = """
measures AS (
    SELECT m.id AS member_id, m.tier_id, m.below_tier_since, m.lifetime_points,
           0::numeric AS spend, 0::bigint AS orders,
           CASE WHEN m.paid_tier_until > %(now)s THEN m.paid_tier_id END AS paid_tier_id
    FROM {member} m WHERE {member_filter} AND m.erased_at IS NULL
)"""

# The measures `measure_everyone` computed for the review in progress.
MEASURED = "loyalty_review_measures"
MEASURED_SQL = f"measures AS NOT MATERIALIZED (SELECT * FROM {MEASURED})"

ORDER_MEASURES = ("rolling_spend", "order_count")


def measure(tier: str, qualification: Optional[str] = None) -> str:
    """SQL for the measure of `measures ms` that tier `tier` (an alias of the tier table)
    qualifies on; `qualification` names the column holding the qualification."""
    column = qualification or f"{tier}.qualification"
    return (f"CASE {column} WHEN 'lifetime_points' THEN ms.lifetime_points "
            f"WHEN 'rolling_spend' THEN ms.spend ELSE ms.orders END")


def share_measure(tier: str, qualification: Optional[str] = None) -> str:
    """The measure as percentile tiers rank and compare it (rounded as the cutoff is)."""
    return f"ROUND({measure(tier, qualification)}, {SHARE_DECIMALS})"


def statement(template: str, member_ids: Optional[List[int]], orders: bool = True,
              measured: bool = False) -> str:
    """`template` with its {measures} CTE (and {member}, {tier}, {change} tables) filled
    in for `member_ids` (None: every member); without `orders`, measures read no order;
    `measured`: every member's, as `measure_everyone` computed them."""
    if member_ids is not None:
        member_filter = "m.id = ANY(%(members)s)"
        user_filter = (
            f"AND o.user_id IN (SELECT user_id FROM {Member._meta.db_table} "
            "WHERE id = ANY(%(members)s))"
        )
    else:
        member_filter, user_filter = "TRUE", ""
    tables = dict(member=Member._meta.db_table, tier=Tier._meta.db_table,
                  change=TierChange._meta.db_table, member_filter=member_filter)
    if measured:
        ctes = MEASURED_SQL
    elif orders:
        ctes = MEASURES_SQL.format(
            activity=host_orders.paid_activity_sql(user_filter), rates=RATES_SQL, **tables)
    else:
        ctes = WITHOUT_ORDERS_SQL.format(**tables)
    return template.format(measures=ctes, **tables)


def needs_orders() -> bool:
    """Whether a tier qualifies on a measure of orders."""
    return Tier.objects.filter(qualification__in=ORDER_MEASURES).exists()


def measure_everyone(cursor, program: Program, now: datetime):
    """Every member's measures as of `now`, into the temporary table `MEASURED` of the
    caller's transaction (dropped at its end, or by `forget_measures`); orders are read
    once, and only when a tier qualifies on them."""
    sql = statement(f"CREATE TEMPORARY TABLE {MEASURED} ON COMMIT DROP AS "
                    "WITH {measures} SELECT * FROM measures", None, orders=needs_orders())
    cursor.execute(sql, params(program, now, None))
    cursor.execute(f"ANALYZE {MEASURED}")


def forget_measures(cursor):
    cursor.execute(f"DROP TABLE {MEASURED}")


def params(program: Program, now: datetime, member_ids: Optional[List[int]]) -> dict:
    """The parameters of a `statement`."""
    return {
        **rate_params(program.rates()),
        "now": now,
        "since": now - ROLLING_WINDOW,
        "members": member_ids,
    }
