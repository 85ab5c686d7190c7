"""Running the journeys: which members each step is due for now, and what they get.

A step is due for a member and an occasion `wait_hours` after the occasion: an order left
unpaid, a checkout left, an order fulfilled, a first paid order (each from when it
happened), or a state that holds now (near the next tier, a tier that would lapse, a date
in the shop's time zone). One statement per step records every due send under a unique
(step, member, occasion) key, so a run twice, or on two workers, records each send once;
a later step is due only once the step before it was sent for the same occasion, so the
steps go out in order. Event occasions are looked at only when due after the journey
started and within `LATE_LIMIT`, so a journey switched on today never messages last year's
orders, and a worker that was down catches up on the last days only.

`process_sends` then gives each recorded send its gifts and creates its messages, in
batches claimed with SKIP LOCKED; a send is processed once, and one a crashed run left
is taken by the next.
"""
from datetime import datetime, time, timedelta
from typing import Callable, List, Optional, Tuple

from django.db import connection, transaction
from django.utils import timezone

from saleor_loyalty.core.program import Program
from saleor_loyalty.coupons.models import CouponKind
from saleor_loyalty.engagement import gifts
from saleor_loyalty.engagement.models import Journey, JourneySend, JourneyStep, JourneyTrigger
from saleor_loyalty.host import occasions as host_occasions
from saleor_loyalty.insight import audiences
from saleor_loyalty.insight.models import CustomerFirstOrder, MemberSegment
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import deliveries
from saleor_loyalty.points import ledger
from saleor_loyalty.tiers.models import Tier, TierQualification

LATE_LIMIT = timedelta(days=3)
PROCESS_BATCH = 5000

_MEMBER = Member._meta.db_table
_SEND = JourneySend._meta.db_table

_HOST_EVENTS = {
    JourneyTrigger.ORDER_UNPAID: host_occasions.unpaid_orders_sql,
    JourneyTrigger.CHECKOUT_LEFT: host_occasions.left_checkouts_sql,
    JourneyTrigger.ORDER_FULFILLED: host_occasions.fulfilled_orders_sql,
}

_FIRST_ORDER_SQL = f"""
SELECT f.user_id, 'first-order' AS occasion, f.first_paid_at AS occasion_at
FROM {CustomerFirstOrder._meta.db_table} f
WHERE f.first_paid_at BETWEEN %(occasion_from)s AND %(occasion_until)s
"""

# The next tier a member can reach by lifetime points, for each tier (0: no tier yet).
_NEAR_NEXT_TIER_SQL = f"""
WITH ladder AS (
    SELECT COALESCE(cur.id, 0) AS tier_key, nxt.id AS next_id, nxt.threshold
    FROM (SELECT id, rank FROM {Tier._meta.db_table}
          UNION ALL SELECT NULL, -1) cur
    CROSS JOIN LATERAL (
        SELECT t.id, t.threshold FROM {Tier._meta.db_table} t
        WHERE t.rank > cur.rank AND t.qualification = '{TierQualification.LIFETIME_POINTS}'
        ORDER BY t.rank LIMIT 1
    ) nxt
)
SELECT m.id AS member_id,
       'tier:' || l.next_id || ':'
           || FLOOR(EXTRACT(EPOCH FROM COALESCE(m.tier_since, m.joined_at)))::bigint AS occasion
FROM {_MEMBER} m JOIN ladder l ON l.tier_key = COALESCE(m.tier_id, 0)
WHERE m.lifetime_points < l.threshold
  AND l.threshold - m.lifetime_points <= %(points_gap)s
"""

_TIER_LAPSE_SQL = f"""
SELECT m.id AS member_id,
       'lapse:' || m.tier_id || ':'
           || FLOOR(EXTRACT(EPOCH FROM m.below_tier_since))::bigint AS occasion
FROM {_MEMBER} m
WHERE m.tier_id IS NOT NULL AND m.below_tier_since <= %(occasion_until)s
"""

_DATE_SQL = f"SELECT m.id AS member_id, %(occasion)s::varchar AS occasion FROM {_MEMBER} m"

_RECORD_SENDS_SQL = f"""
INSERT INTO {_SEND} (step_id, member_id, occasion, points, created_at)
SELECT %(step)s, o.member_id, o.occasion, 0, %(now)s
FROM ({{occasions}}) o JOIN {_MEMBER} m ON m.id = o.member_id
WHERE m.erased_at IS NULL {{audience}}
ON CONFLICT (step_id, member_id, occasion) DO NOTHING
"""


def _event_window(journey: Journey, step: JourneyStep, now: datetime) -> dict:
    """The occasions whose step is due now: due after the journey started, at most
    `LATE_LIMIT` ago."""
    wait = timedelta(hours=step.wait_hours)
    return {
        "occasion_from": max(journey.starts_at, now - LATE_LIMIT) - wait,
        "occasion_until": now - wait,
    }


def _occasions(journey: Journey, step: JourneyStep, now: datetime) -> Optional[Tuple[str, dict]]:
    """SQL selecting (member_id, occasion) due for `step` now, with its parameters; None
    when nothing can be due (a date journey on another day or before its hour)."""
    trigger = journey.trigger
    if trigger in _HOST_EVENTS or trigger == JourneyTrigger.FIRST_ORDER:
        events = _FIRST_ORDER_SQL if trigger == JourneyTrigger.FIRST_ORDER \
            else _HOST_EVENTS[trigger]()
        sql = (f"SELECT m.id AS member_id, e.occasion FROM ({events}) e "
               f"JOIN {_MEMBER} m ON m.user_id = e.user_id")
        return sql, _event_window(journey, step, now)
    if trigger == JourneyTrigger.NEAR_NEXT_TIER:
        return _NEAR_NEXT_TIER_SQL, {"points_gap": journey.points_gap}
    if trigger == JourneyTrigger.TIER_LAPSE:
        return _TIER_LAPSE_SQL, {"occasion_until": now - timedelta(hours=step.wait_hours)}
    today = timezone.localdate(now)
    local_start = timezone.make_aware(datetime.combine(today, time.min))
    if (today.month, today.day) != (journey.month, journey.day) \
            or now < local_start + timedelta(hours=step.wait_hours) \
            or local_start + timedelta(hours=step.wait_hours) < journey.starts_at:
        return None
    return _DATE_SQL, {"occasion": f"date:{today.isoformat()}"}


def _audience(journey: Journey, previous: Optional[JourneyStep], program: Program,
              now: datetime) -> Tuple[str, dict]:
    conditions, params = [], {}
    chosen = journey.audience.filter if journey.audience_id else journey.audience_filter
    if chosen is not None:
        sql, params = audiences.audience_sql(audiences.stored_filter(chosen), program, now)
        conditions.append(f"m.id IN ({sql})")
    if journey.tier_id is not None:
        conditions.append("m.tier_id = %(tier)s")
        params["tier"] = journey.tier_id
    if journey.segment:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {MemberSegment._meta.db_table} s "
            "WHERE s.member_id = m.id AND s.segment = %(segment)s)")
        params["segment"] = journey.segment
    if previous is not None:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {_SEND} p WHERE p.step_id = %(previous)s "
            "AND p.member_id = o.member_id AND p.occasion = o.occasion)")
        params["previous"] = previous.pk
    return "".join(f" AND {condition}" for condition in conditions), params


def record_due_sends(program: Program, now: datetime) -> int:
    """Record every send due now, for every active journey; returns how many are new."""
    recorded = 0
    journeys = Journey.objects.filter(active=True).select_related("audience")
    for journey in journeys.prefetch_related("steps"):
        previous = None
        for step in journey.steps.all():
            found = _occasions(journey, step, now)
            if found is not None:
                occasions, params = found
                audience, audience_params = _audience(journey, previous, program, now)
                with connection.cursor() as cursor:
                    cursor.execute(
                        _RECORD_SENDS_SQL.format(occasions=occasions, audience=audience),
                        {**params, **audience_params, "step": step.pk, "now": now},
                    )
                    recorded += cursor.rowcount
            previous = step
    return recorded


_CLAIM_SQL = f"""
WITH claimed AS (
    SELECT id FROM {_SEND} WHERE processed_at IS NULL ORDER BY id LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
UPDATE {_SEND} s SET processed_at = %(now)s FROM claimed WHERE s.id = claimed.id
RETURNING s.id, s.step_id, s.member_id
"""


def _give_gifts(claimed: List[Tuple[int, int, int]], program: Program, now: datetime):
    """The gifts of the claimed sends (id, step, member) whose step has some, members
    locked in id order."""
    steps = {
        step.pk: step for step in JourneyStep.objects.select_related("journey").filter(
            pk__in={step_id for _, step_id, _ in claimed})
        if step.bonus_points or step.coupon_value is not None
    }
    for send_id, step_id, member_id in sorted(claimed, key=lambda row: (row[2], row[0])):
        step = steps.get(step_id)
        if step is None:
            continue
        member = ledger.lock_member(member_id)
        coupon, points = gifts.give(member, f"journey:{send_id}", step.journey.name, step,
                                    CouponKind.JOURNEY, program, now)
        JourneySend.objects.filter(pk=send_id).update(coupon=coupon, points=points)


def process_sends(program: Program, now: datetime, tell: Callable[[List[int]], None],
                  batch_size: int = PROCESS_BATCH) -> int:
    """Give the recorded sends their gifts and create their messages, batch by batch (each
    claimed with SKIP LOCKED and marked processed in one statement); `tell` queues the new
    messages once their batch commits. Returns the sends processed."""
    processed = 0
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(_CLAIM_SQL, {"limit": batch_size, "now": now})
                claimed = cursor.fetchall()
            if not claimed:
                return processed
            _give_gifts(claimed, program, now)
            tell(deliveries.create_journey_deliveries([row[0] for row in claimed], program))
        processed += len(claimed)


def run_journeys(program: Program, now: datetime, tell: Callable[[List[int]], None]) -> int:
    """One run of every journey; returns the sends recorded."""
    if not program.active:
        return 0
    recorded = record_due_sends(program, now)
    process_sends(program, now, tell)
    return recorded
