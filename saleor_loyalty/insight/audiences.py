"""Audiences: the members an `AudienceFilter` selects now, in one SQL statement.

What members did is read from the plugin's paid-order record (paid_orders.py): the
window's criteria from `PaidOrder` (every paid order of a customer with an account, the
money kept from it), only the orders of the window; lifetime spend from `CustomerSpend`
and days since the last order from `CustomerFirstOrder`, one row per customer (and
currency) instead of all their orders; and what they bought from Saleor's order lines
(host.order_lines). Money is in the program's base
currency: orders in another currency count at their currency rule's rate, orders in a
currency without a rule add no money (they still count as orders), as in tiers and
segments. Members whose account was deleted are never in an audience.

Saved audiences (`Audience`) keep a filter by name; campaigns, journeys and tag rules
take a saved audience or a filter.
"""
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from saleor_loyalty.core.currencies import RATES_SQL, rate_params
from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import Program
from saleor_loyalty.host.order_lines import order_keys_buying_sql
from saleor_loyalty.insight.audience_filter import AudienceFilter, parse_filter
from saleor_loyalty.insight.models import (
    Audience,
    CustomerFirstOrder,
    CustomerSpend,
    MemberSegment,
    MemberTag,
    PaidOrder,
    Segment,
    Tag,
)
from saleor_loyalty.members.models import Member

MAX_SAMPLE = 100

# Materialized: computed once, not once per parallel worker that joins it. With the base
# currency alone, money is summed as whole thousandths (`PaidOrder.paid` has 3 decimals):
# integer sums keep a hash table half the size of numeric ones and take half the time.
_WINDOW_BASE_SQL = """
window_orders AS MATERIALIZED (
    SELECT po.user_id, COUNT(*) AS orders,
           COALESCE(SUM((po.paid * 1000)::bigint)
                    FILTER (WHERE po.currency = ANY(%(rate_currencies)s)), 0) / 1000 AS spend
    FROM {paid_order} po
    WHERE po.paid > 0 AND po.user_id IS NOT NULL AND po.created >= %(since)s
    GROUP BY po.user_id
)"""
_WINDOW_SQL = """
window_orders AS MATERIALIZED (
    SELECT po.user_id, COUNT(*) AS orders, SUM(po.paid * COALESCE(r.rate, 0)) AS spend
    FROM {paid_order} po LEFT JOIN rates r ON r.currency = po.currency
    WHERE po.paid > 0 AND po.user_id IS NOT NULL AND po.created >= %(since)s
    GROUP BY po.user_id
)"""
# With the base currency alone, a customer has at most one row that counts: no grouping.
_LIFETIME_SQL = """
lifetime AS (
    SELECT s.user_id, s.spend * r.rate AS spend
    FROM {spend} s JOIN rates r ON r.currency = s.currency
)"""
_LIFETIME_CURRENCIES_SQL = """
lifetime AS MATERIALIZED (
    SELECT s.user_id, SUM(s.spend * r.rate) AS spend
    FROM {spend} s JOIN rates r ON r.currency = s.currency
    GROUP BY s.user_id
)"""


def _order_parts(f: AudienceFilter, params: dict, currencies: int
                 ) -> Tuple[List[str], List[str], List[str]]:
    """The WITH items, joins and conditions of the order criteria that `f` sets."""
    ctes, joins, conditions = [], [], []
    ranges = (
        ("COALESCE(w.orders, 0)", f.orders_min, f.orders_max),
        ("w.spend / NULLIF(w.orders, 0)", f.aov_min, f.aov_max),
        ("COALESCE(w.spend, 0)", f.window_spend_min, f.window_spend_max),
        ("COALESCE(l.spend, 0)", f.lifetime_spend_min, f.lifetime_spend_max),
    )
    if f.uses_window():
        window_sql = _WINDOW_BASE_SQL if currencies == 1 else _WINDOW_SQL
        ctes.append(window_sql.format(paid_order=PaidOrder._meta.db_table))
        joins.append("LEFT JOIN window_orders w ON w.user_id = m.user_id")
    if f.lifetime_spend_min is not None or f.lifetime_spend_max is not None:
        lifetime = _LIFETIME_SQL if currencies == 1 else _LIFETIME_CURRENCIES_SQL
        ctes.append(lifetime.format(spend=CustomerSpend._meta.db_table))
        joins.append("LEFT JOIN lifetime l ON l.user_id = m.user_id")
    if f.days_since_order_min is not None or f.days_since_order_max is not None:
        joins.append(f"LEFT JOIN {CustomerFirstOrder._meta.db_table} f ON f.user_id = m.user_id")
    for i, (expression, low, high) in enumerate(ranges):
        if low is not None:
            params[f"low{i}"] = low
            conditions.append(f"{expression} >= %(low{i})s")
        if high is not None:
            params[f"high{i}"] = high
            conditions.append(f"{expression} <= %(high{i})s")
    if f.days_since_order_min is not None:
        params["last_before"] = params["now"] - timedelta(days=f.days_since_order_min)
        conditions.append("(f.last_paid_at IS NULL OR f.last_paid_at <= %(last_before)s)")
    if f.days_since_order_max is not None:
        params["last_after"] = params["now"] - timedelta(days=f.days_since_order_max)
        conditions.append("f.last_paid_at >= %(last_after)s")
    if ctes:
        ctes.insert(0, f"rates AS ({RATES_SQL})")
    return ctes, joins, conditions


def _member_conditions(f: AudienceFilter, params: dict) -> List[str]:
    conditions = ["m.user_id IS NOT NULL"]
    if f.tiers:
        params["tiers"] = list(f.tiers)
        conditions.append("m.tier_id = ANY(%(tiers)s)")
    if f.segments:
        params["segments"] = list(f.segments)
        conditions.append(f"m.id IN (SELECT member_id FROM {MemberSegment._meta.db_table} "
                          "WHERE segment = ANY(%(segments)s))")
    if f.tags:
        params["tags"] = list(f.tags)
        conditions.append(
            f"m.id IN (SELECT mt.member_id FROM {MemberTag._meta.db_table} mt "
            f"JOIN {Tag._meta.db_table} t ON t.id = mt.tag_id WHERE t.name = ANY(%(tags)s))")
    if f.joined_from is not None:
        params["joined_from"] = f.joined_from
        conditions.append("(m.joined_at AT TIME ZONE %(zone)s)::date >= %(joined_from)s")
    if f.joined_to is not None:
        params["joined_to"] = f.joined_to
        conditions.append("(m.joined_at AT TIME ZONE %(zone)s)::date <= %(joined_to)s")
    if f.points_min is not None:
        params["points_min"] = f.points_min
        conditions.append("m.points_balance >= %(points_min)s")
    if f.points_max is not None:
        params["points_max"] = f.points_max
        conditions.append("m.points_balance <= %(points_max)s")
    for channel in f.channels:
        conditions.append(f"m.{channel}_notifications")
    if f.categories or f.products:
        params["categories"], params["products"] = list(f.categories), list(f.products)
        conditions.append(
            f"m.user_id IN (SELECT po.user_id FROM ({order_keys_buying_sql()}) bought "
            f"JOIN {PaidOrder._meta.db_table} po ON po.order_key = bought.order_key "
            "WHERE po.paid > 0 AND po.created >= %(since)s)")
    return conditions


def _statement(f: AudienceFilter, program: Program, now: datetime) -> Tuple[List[str], str, dict]:
    """The items of the WITH clause, the SELECT of (id) of the members `f` selects at `now`,
    and their parameters."""
    rates = program.rates()
    params = {"now": now, "since": now - timedelta(days=f.window_days),
              "zone": timezone.get_current_timezone_name(), **rate_params(rates)}
    conditions = _member_conditions(f, params)
    ctes, joins, order_conditions = _order_parts(f, params, len(rates))
    conditions += order_conditions
    select = (f"SELECT m.id FROM {Member._meta.db_table} m {' '.join(joins)} "
              f"WHERE {' AND '.join(conditions)}")
    # Parameters of their own names, so the SQL can go into a statement with others.
    for key in params:
        ctes = [cte.replace(f"%({key})s", f"%(audience_{key})s") for cte in ctes]
        select = select.replace(f"%({key})s", f"%(audience_{key})s")
    return ctes, select, {f"audience_{key}": value for key, value in params.items()}


def audience_sql(f: AudienceFilter, program: Program, now: datetime) -> Tuple[str, dict]:
    """SQL for (id) of every member `f` selects at `now`, with its parameters; a statement
    of its own, or a subquery."""
    ctes, select, params = _statement(f, program, now)
    return (f"WITH {', '.join(ctes)} {select}" if ctes else select), params


def tune(cursor, f: AudienceFilter):
    """The statement aggregates every paid order of the window per customer: a hash table
    of up to one row per customer, which PostgreSQL's default 4 MB would spill to disk, and
    JIT compilation that costs more than it saves here. PostgreSQL cannot tell how many
    customers pass the order criteria (often most of them) and, guessing few, looks each
    one's member and spend up by index, hundreds of thousands of times; so nested loops are
    off unless the filter looks up what was bought, which they serve (BENCHMARKS.md,
    "Audiences")."""
    cursor.execute("SELECT set_config('work_mem', '256MB', true), set_config('jit', 'off', true), "
                   "set_config('enable_nestloop', %s, true)",
                   ["on" if f.categories or f.products else "off"])


def preview(f: AudienceFilter, program: Program, now: datetime,
            first: int = 20) -> Tuple[int, List[int]]:
    """How many members `f` selects now, and the first `first` of them by id: one statement."""
    ctes, select, params = _statement(f, program, now)
    params["first"] = max(0, min(first, MAX_SAMPLE))
    with transaction.atomic(), connection.cursor() as cursor:
        tune(cursor, f)
        cursor.execute(
            f"WITH {', '.join(ctes + [f'audience AS ({select})'])} "
            "SELECT (SELECT COUNT(*) FROM audience), "
            "ARRAY(SELECT id FROM audience ORDER BY id LIMIT %(first)s)", params)
        count, sample = cursor.fetchone()
    return count, list(sample)


def member_ids(f: AudienceFilter, program: Program, now: datetime) -> List[int]:
    sql, params = audience_sql(f, program, now)
    with transaction.atomic(), connection.cursor() as cursor:
        tune(cursor, f)
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def validated_filter(data: dict, errors: ErrorCollector) -> AudienceFilter:
    """`parse_filter` with the shop's segments and tags known."""
    f = parse_filter(data, errors, known_segments=Segment.values)
    unknown = sorted(set(f.tags) - set(Tag.objects.filter(name__in=f.tags).values_list("name", flat=True)))
    if unknown:
        errors.add("tags", LoyaltyErrorCode.NOT_FOUND, f"Unknown tags: {', '.join(unknown)}.")
    return f


def validated_aim(data: dict, errors: ErrorCollector) -> Tuple[Optional[Audience], Optional[dict]]:
    """What a campaign or journey is aimed at besides its tier or segment: a saved audience
    (`data["audience"]`) or a filter of its own (`data["audience_filter"]`), not both; the
    filter as stored."""
    audience, chosen = data.get("audience"), data.get("audience_filter")
    if audience is not None and chosen is not None:
        errors.add("audience", LoyaltyErrorCode.INVALID,
                   "Aim at a saved audience or at a filter, not both.")
    if chosen is None:
        return audience, None
    return audience, validated_filter(chosen, errors.nested("audienceFilter.")).as_json()


def stored_filter(data: Optional[dict]) -> AudienceFilter:
    """A filter saved earlier (validated when it was saved; a tag deleted since then
    simply selects nobody)."""
    return parse_filter(data or {}, ErrorCollector(), known_segments=Segment.values)


def _validated_audience(name: str, data: dict) -> Tuple[str, AudienceFilter]:
    errors = ErrorCollector()
    name = (name or "").strip()
    if not name or len(name) > 100:
        errors.add("name", LoyaltyErrorCode.REQUIRED if not name else LoyaltyErrorCode.INVALID,
                   "An audience needs a name of at most 100 characters.")
    f = validated_filter(data, errors.nested("filter."))
    errors.raise_if_any()
    return name, f


def save_audience(audience: Optional[Audience], name: str, data: dict, staff_user) -> Audience:
    """Create (`audience` None) or change a saved audience; names are unique."""
    name, f = _validated_audience(name, data)
    if audience is None:
        audience = Audience(created_by=staff_user)
    audience.name, audience.filter = name, f.as_json()
    try:
        with transaction.atomic():
            audience.save()
    except IntegrityError:
        errors = ErrorCollector()
        errors.add("name", LoyaltyErrorCode.DUPLICATE, "Another audience has this name.")
        errors.raise_if_any()
    return audience
