"""Coupons the calendar issues: birthday, win-back and member day.

Each job is set-based: per batch of member ids, one statement picks the members whose
occasion is due and has no coupon yet, inserts their Saleor vouchers and their coupon
rows. The occasion key (`birthday:<member>:<year>`, `winback:<member>:<period start>`,
`member_day:<member>:<year-month>`) is unique, so a job run twice, or by two workers,
issues each coupon once; a transaction-level advisory lock keeps two batches of the
same job from running at the same moment.
"""
from datetime import date, datetime, timedelta
from typing import List

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from saleor_loyalty.core.program import CouponRule, Program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import Coupon, CouponKind
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.host import shop as host_shop
from saleor_loyalty.members.models import Member

BATCH = 100_000
JOB_LOCK_IDS = {
    CouponKind.BIRTHDAY: 0x10A1_B1D0,
    CouponKind.WINBACK: 0x10A1_B1D1,
    CouponKind.MEMBER_DAY: 0x10A1_B1D2,
}
BIRTHDAY_WEEK_HALF = 3  # the birthday week: three days before to three days after
BIRTHDAY_SET_DAYS_BEFORE = 30


def _code_sql():
    """SQL of (a 12-character code made of `r.bits`, 60 random bits from PostgreSQL's
    strong random UUIDs), in the alphabet of `coupons.new_code`."""
    bits = (
        "('x' || lpad(substr(replace(gen_random_uuid()::text, '-', ''), 1, 15), 16, '0'))"
        "::bit(64)::bigint"
    )
    alphabet = coupons.CODE_ALPHABET
    return " || ".join(
        f"substr('{alphabet}', ((r.bits >> {5 * i}) & 31)::int + 1, 1)"
        for i in range(host_discounts.CODE_LENGTH)
    ), bits


_ISSUE_SQL = """
WITH candidates AS ({candidates}),
fresh AS (
    SELECT c.member_id, c.occasion, c.valid_until, {code} AS code,
           %(name)s::varchar AS name, %(value_type)s::varchar AS value_type,
           %(value)s::numeric AS value, %(minimum_spend)s::numeric AS minimum_spend,
           %(now)s::timestamptz AS valid_from
    FROM candidates c CROSS JOIN LATERAL (SELECT {bits} AS bits, c.member_id AS m) r
    WHERE NOT EXISTS (SELECT 1 FROM {coupon} x WHERE x.occasion = c.occasion)
),
{insert_vouchers},
issued AS (
    INSERT INTO {coupon} (member_id, voucher_id, kind, occasion, valid_from, valid_until,
                          created_at, order_key, points_spent, spent_lots)
    SELECT f.member_id, v.id, %(kind)s, f.occasion, f.valid_from, f.valid_until, %(now)s,
           '', 0, '[]'::jsonb
    FROM fresh f JOIN vouchers v ON v.code = f.code
    RETURNING id
)
SELECT id FROM issued
"""


def _issue(kind: str, rule: CouponRule, candidates: str, params: dict, now: datetime,
           batch_size: int = BATCH) -> List[int]:
    """Run the issuing statement over every batch of member ids; returns new coupon ids.

    `candidates` is SQL selecting (member_id, occasion, valid_until) from `m`, the
    member table, restricted to `m.id > %(after)s AND m.id <= %(upto)s`.
    """
    code, bits = _code_sql()
    sql = _ISSUE_SQL.format(
        candidates=candidates, code=code, bits=bits, coupon=Coupon._meta.db_table,
        insert_vouchers=host_discounts.insert_vouchers_sql("fresh", "vouchers"),
    )
    terms = coupons.rule_terms(kind, rule, now)
    params = {
        **params, "kind": str(kind), "now": now, "name": terms.name,
        "value_type": terms.value_type, "value": terms.value,
        "minimum_spend": terms.minimum_spend, "currency": host_shop.base_currency(),
    }
    bounds = Member.objects.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return []
    issued = []
    after = bounds["low"] - 1
    while after < bounds["high"]:
        upto = after + batch_size
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [JOB_LOCK_IDS[kind]])
            cursor.execute(sql, {**params, "after": after, "upto": upto})
            issued += [row[0] for row in cursor.fetchall()]
        after = upto
    return issued


def _day_end_sql(day_sql: str) -> str:
    """The last moment of a date (SQL) in the shop's time zone."""
    return f"(({day_sql}) + 1)::timestamp AT TIME ZONE %(tz)s - interval '1 microsecond'"


_BIRTHDAY_CANDIDATES = """
SELECT m.id AS member_id, 'birthday:' || m.id || ':' || b.year AS occasion,
       {valid_until} AS valid_until
FROM {member} m
CROSS JOIN LATERAL (
    SELECT y.year, CASE
        WHEN EXTRACT(MONTH FROM m.birthday) = 2 AND EXTRACT(DAY FROM m.birthday) = 29
             AND NOT (y.year %% 4 = 0 AND (y.year %% 100 <> 0 OR y.year %% 400 = 0))
        THEN make_date(y.year, 2, 28)
        ELSE make_date(y.year, EXTRACT(MONTH FROM m.birthday)::int,
                       EXTRACT(DAY FROM m.birthday)::int)
    END AS day
    FROM (VALUES (%(year)s - 1), (%(year)s), (%(year)s + 1)) AS y(year)
) b
WHERE m.id > %(after)s AND m.id <= %(upto)s AND m.birthday IS NOT NULL
  AND b.day BETWEEN %(today)s::date - {half} AND %(today)s::date + {half}
  AND m.birthday_set_at <= (b.day - {set_before})::timestamp AT TIME ZONE %(tz)s
"""


def issue_birthday_coupons(program: Program, now: datetime,
                           batch_size: int = BATCH) -> List[int]:
    """Members in their birthday week (three days either side of it) whose birthday was
    set at least 30 days before it get this year's birthday coupon, valid to the
    week's end. 29 February counts as 28 February in other years."""
    rule = program.coupon_rule(CouponKind.BIRTHDAY)
    if rule is None or not program.active:
        return []
    today = timezone.localdate(now)
    candidates = _BIRTHDAY_CANDIDATES.format(
        member=Member._meta.db_table, half=BIRTHDAY_WEEK_HALF,
        set_before=BIRTHDAY_SET_DAYS_BEFORE,
        valid_until=_day_end_sql(f"b.day + {BIRTHDAY_WEEK_HALF}"),
    )
    params = {"today": today, "year": today.year, "tz": settings.TIME_ZONE}
    return _issue(CouponKind.BIRTHDAY, rule, candidates, params, now, batch_size)


def issue_winback_coupons(program: Program, now: datetime, batch_size: int = BATCH) -> List[int]:
    """Members with no paid order for `winbackAfterDays` (counted from joining when they
    never ordered) get one win-back coupon per dormant period: the period is named by
    the moment it started, so the next order starts a new one."""
    rule = program.coupon_rule(CouponKind.WINBACK)
    if rule is None or not program.active:
        return []
    member = Member._meta.db_table
    in_batch = (
        f"AND o.user_id IN (SELECT user_id FROM {member} "
        "WHERE id > %(after)s AND id <= %(upto)s)"
    )
    candidates = f"""
        WITH last_paid AS ({host_orders.paid_order_span_sql(in_batch)})
        SELECT m.id AS member_id,
               'winback:' || m.id || ':'
                   || EXTRACT(EPOCH FROM COALESCE(lp.last_paid_at, m.joined_at))::bigint
                   AS occasion,
               %(valid_until)s::timestamptz AS valid_until
        FROM {member} m
        LEFT JOIN last_paid lp ON lp.user_id = m.user_id
        WHERE m.id > %(after)s AND m.id <= %(upto)s AND m.erased_at IS NULL
          AND COALESCE(lp.last_paid_at, m.joined_at) <= %(dormant_since)s
    """
    params = {
        "dormant_since": now - timedelta(days=program.winback_after_days),
        "valid_until": coupons.rule_terms(CouponKind.WINBACK, rule, now).valid_until,
    }
    return _issue(CouponKind.WINBACK, rule, candidates, params, now, batch_size)


def is_member_day(program: Program, today: date) -> bool:
    return bool(program.member_day) and today.day == program.member_day


def issue_member_day_coupons(program: Program, now: datetime,
                             batch_size: int = BATCH) -> List[int]:
    """On member day every member gets that day's coupon (points earn more that day
    too: see accrual.campaign_multiplier)."""
    rule = program.coupon_rule(CouponKind.MEMBER_DAY)
    today = timezone.localdate(now)
    if rule is None or not program.active or not is_member_day(program, today):
        return []
    candidates = f"""
        SELECT m.id AS member_id, 'member_day:' || m.id || ':' || %(month)s AS occasion,
               %(valid_until)s::timestamptz AS valid_until
        FROM {Member._meta.db_table} m
        WHERE m.id > %(after)s AND m.id <= %(upto)s AND m.erased_at IS NULL
    """
    params = {
        "month": today.strftime("%Y-%m"),
        "valid_until": coupons.end_of_day(today),
    }
    return _issue(CouponKind.MEMBER_DAY, rule, candidates, params, now, batch_size)


JOBS: dict = {
    "birthday": issue_birthday_coupons,
    "winback": issue_winback_coupons,
    "member_day": issue_member_day_coupons,
}
