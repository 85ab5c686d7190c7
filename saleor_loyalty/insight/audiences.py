"""Audiences: the members an `AudienceFilter` selects now, in one SQL statement.

What members did is read from the plugin's paid-order record (`PaidOrder`: every paid
order of a customer with an account, the money kept from it) and, for what they bought,
from Saleor's order lines (host.order_lines). Money is in the program's base
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
    MemberSegment,
    MemberTag,
    PaidOrder,
    Segment,
    Tag,
)
from saleor_loyalty.members.models import Member

MAX_SAMPLE = 100

# Materialized: computed once, not once per parallel worker that joins it.
_ORDERS_SQL = """
orders AS MATERIALIZED (
    SELECT po.user_id,
           COUNT(*) FILTER (WHERE po.created >= %(since)s) AS window_orders,
           SUM(po.paid * COALESCE(r.rate, 0)) FILTER (WHERE po.created >= %(since)s)
               AS window_spend,
           SUM(po.paid * COALESCE(r.rate, 0)) AS lifetime_spend,
           MAX(po.created) AS last_order_at
    FROM {paid_order} po LEFT JOIN rates r ON r.currency = po.currency
    WHERE po.paid > 0 AND po.user_id IS NOT NULL {recent_only}
    GROUP BY po.user_id
)"""


def _order_conditions(f: AudienceFilter, params: dict) -> List[str]:
    conditions = []
    ranges = (
        ("COALESCE(o.window_orders, 0)", f.orders_min, f.orders_max),
        ("o.window_spend / NULLIF(o.window_orders, 0)", f.aov_min, f.aov_max),
        ("COALESCE(o.window_spend, 0)", f.window_spend_min, f.window_spend_max),
        ("COALESCE(o.lifetime_spend, 0)", f.lifetime_spend_min, f.lifetime_spend_max),
    )
    for i, (expression, low, high) in enumerate(ranges):
        if low is not None:
            params[f"low{i}"] = low
            conditions.append(f"{expression} >= %(low{i})s")
        if high is not None:
            params[f"high{i}"] = high
            conditions.append(f"{expression} <= %(high{i})s")
    if f.days_since_order_min is not None:
        params["last_before"] = params["now"] - timedelta(days=f.days_since_order_min)
        conditions.append("(o.last_order_at IS NULL OR o.last_order_at <= %(last_before)s)")
    if f.days_since_order_max is not None:
        params["last_after"] = params["now"] - timedelta(days=f.days_since_order_max)
        conditions.append("o.last_order_at >= %(last_after)s")
    return conditions


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
    params = {"now": now, "since": now - timedelta(days=f.window_days),
              "zone": timezone.get_current_timezone_name(), **rate_params(program.rates())}
    conditions = _member_conditions(f, params)
    ctes, join = [], ""
    if f.uses_orders():
        # Only the window's orders when nothing reads older ones.
        everything = (f.lifetime_spend_min, f.lifetime_spend_max, f.days_since_order_min,
                      f.days_since_order_max)
        recent_only = "" if any(v is not None for v in everything) else "AND po.created >= %(since)s"
        ctes = [f"rates AS ({RATES_SQL})",
                _ORDERS_SQL.format(paid_order=PaidOrder._meta.db_table, recent_only=recent_only)]
        join = "LEFT JOIN orders o ON o.user_id = m.user_id"
        conditions += _order_conditions(f, params)
    select = f"SELECT m.id FROM {Member._meta.db_table} m {join} WHERE {' AND '.join(conditions)}"
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


def tune(cursor):
    """The statement aggregates every paid order of the window per customer: a hash table
    of up to one row per customer, which PostgreSQL's default 4 MB would spill to disk, and
    JIT compilation that costs more than it saves here (BENCHMARKS.md, "Audiences")."""
    cursor.execute("SELECT set_config('work_mem', '256MB', true), set_config('jit', 'off', true)")


def preview(f: AudienceFilter, program: Program, now: datetime,
            first: int = 20) -> Tuple[int, List[int]]:
    """How many members `f` selects now, and the first `first` of them by id: one statement."""
    ctes, select, params = _statement(f, program, now)
    params["first"] = max(0, min(first, MAX_SAMPLE))
    with transaction.atomic(), connection.cursor() as cursor:
        tune(cursor)
        cursor.execute(
            f"WITH {', '.join(ctes + [f'audience AS ({select})'])} "
            "SELECT (SELECT COUNT(*) FROM audience), "
            "ARRAY(SELECT id FROM audience ORDER BY id LIMIT %(first)s)", params)
        count, sample = cursor.fetchone()
    return count, list(sample)


def member_ids(f: AudienceFilter, program: Program, now: datetime) -> List[int]:
    sql, params = audience_sql(f, program, now)
    with transaction.atomic(), connection.cursor() as cursor:
        tune(cursor)
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
