"""RFM segments: recency, frequency and monetary scores of every member, and the
named segment they put the member in.

Scores are quintiles (1 to 5, 5 best) over the members who placed a paid order in
the program's segment window: R ranks the last paid order, F the number of paid
orders in the window, M the money kept from them, in the program's base currency
(orders in another currency count at their currency rule's rate, orders in a currency
without a rule add no money: core.currencies). The job is one set-based
statement that writes the snapshot table `MemberSegment` (only the rows that
changed) and records the run; listing a segment is then an indexed read.

Segment of a member, first rule that matches (also in the README):
  1. no paid order in the window: NEW if they joined less than `dormantDays` ago,
     else LOST (scores 1, 1, 1);
  2. no paid order for `dormantDays` days: AT_RISK when they bought often or much
     (F >= 4 or M >= 4), else DORMANT;
  3. R >= 4, F >= 4 and M >= 4: CHAMPIONS;
  4. F >= 4: LOYAL;
  5. R >= 4 and F = 1: NEW;
  6. otherwise: POTENTIAL.
Ties inside a quintile are broken deterministically: R by last order then member id,
F by orders then money then member id, M by money then orders then member id.
"""
from datetime import datetime, timedelta
from typing import Optional

from django.db import connection, transaction

from saleor_loyalty.core.currencies import RATES_SQL, rate_params
from saleor_loyalty.core.program import Program
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight.models import MemberSegment, SegmentRun
from saleor_loyalty.members.models import Member

# Only one segment run at a time, whatever the number of workers.
SEGMENT_LOCK_ID = 0x10A1_5E6

_SEGMENT_SQL = """
WITH paid AS ({paid}),
rates AS ({rates}),
activity AS (
    SELECT m.id AS member_id, m.joined_at, MAX(p.created) AS last_order_at,
           COUNT(p.order_id) FILTER (WHERE p.created >= %(since)s) AS frequency,
           COALESCE(SUM(p.paid * COALESCE(r.rate, 0)) FILTER (WHERE p.created >= %(since)s),
                    0) AS monetary
    FROM {member} m LEFT JOIN paid p ON p.user_id = m.user_id
    LEFT JOIN rates r ON r.currency = p.currency
    WHERE m.erased_at IS NULL
    GROUP BY m.id
),
scored AS (
    SELECT member_id,
           NTILE(5) OVER (ORDER BY last_order_at, member_id) AS r,
           NTILE(5) OVER (ORDER BY frequency, monetary, member_id) AS f,
           NTILE(5) OVER (ORDER BY monetary, frequency, member_id) AS m
    FROM activity WHERE frequency > 0
),
results AS (
    SELECT a.member_id, a.last_order_at, a.frequency, a.monetary,
           COALESCE(s.r, 1) AS r, COALESCE(s.f, 1) AS f, COALESCE(s.m, 1) AS m,
           CASE
             WHEN a.frequency = 0 THEN
                  CASE WHEN a.joined_at > %(dormant_since)s THEN 'new' ELSE 'lost' END
             WHEN a.last_order_at <= %(dormant_since)s THEN
                  CASE WHEN s.f >= 4 OR s.m >= 4 THEN 'at_risk' ELSE 'dormant' END
             WHEN s.r >= 4 AND s.f >= 4 AND s.m >= 4 THEN 'champions'
             WHEN s.f >= 4 THEN 'loyal'
             WHEN s.r >= 4 AND s.f = 1 THEN 'new'
             ELSE 'potential'
           END AS segment
    FROM activity a LEFT JOIN scored s ON s.member_id = a.member_id
),
written AS (
    INSERT INTO {snapshot} AS t (member_id, segment, recency_score, frequency_score,
                                 monetary_score, last_order_at, frequency, monetary, currency)
    SELECT member_id, segment, r, f, m, last_order_at, frequency, monetary, %(currency)s
    FROM results
    ON CONFLICT (member_id) DO UPDATE SET
        segment = EXCLUDED.segment, recency_score = EXCLUDED.recency_score,
        frequency_score = EXCLUDED.frequency_score, monetary_score = EXCLUDED.monetary_score,
        last_order_at = EXCLUDED.last_order_at, frequency = EXCLUDED.frequency,
        monetary = EXCLUDED.monetary, currency = EXCLUDED.currency
    WHERE (t.segment, t.recency_score, t.frequency_score, t.monetary_score,
           t.last_order_at, t.frequency, t.monetary, t.currency)
          IS DISTINCT FROM
          (EXCLUDED.segment, EXCLUDED.recency_score, EXCLUDED.frequency_score,
           EXCLUDED.monetary_score, EXCLUDED.last_order_at, EXCLUDED.frequency,
           EXCLUDED.monetary, EXCLUDED.currency)
    RETURNING 1
)
SELECT (SELECT COUNT(*) FROM results), (SELECT COUNT(*) FROM written)
"""


def compute_segments(program: Program, now: datetime) -> Optional[SegmentRun]:
    """Score every member and rewrite the snapshot; None when another run is going on."""
    sql = _SEGMENT_SQL.format(
        paid=host_orders.paid_orders_sql("AND o.user_id IS NOT NULL AND o.created <= %(now)s"),
        rates=RATES_SQL,
        member=Member._meta.db_table,
        snapshot=MemberSegment._meta.db_table,
    )
    params = {
        **rate_params(program.rates()),
        "currency": program.currency,
        "now": now,
        "since": now - timedelta(days=program.segment_window_days),
        "dormant_since": now - timedelta(days=program.dormant_days),
    }
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEGMENT_LOCK_ID])
            if not cursor.fetchone()[0]:
                return None
            cursor.execute(sql, params)
            members, changed = cursor.fetchone()
        return SegmentRun.objects.create(
            computed_at=now,
            window_days=program.segment_window_days,
            dormant_days=program.dormant_days,
            members=members,
            changed=changed,
        )


def last_run() -> Optional[SegmentRun]:
    return SegmentRun.objects.first()


def segment_members(segment: Optional[str] = None):
    """The snapshot rows of a segment (or of everybody), in member order."""
    rows = MemberSegment.objects.select_related("member__user").order_by("member_id")
    return rows.filter(segment=segment) if segment else rows


def recency_days(row: MemberSegment, run: Optional[SegmentRun]) -> Optional[int]:
    """Days from the member's last paid order to the run that scored it."""
    if row.last_order_at is None or run is None:
        return None
    return max((run.computed_at - row.last_order_at).days, 0)
