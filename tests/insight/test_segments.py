"""RFM scores and segments follow the documented mapping (README, "Segments")."""
from datetime import timedelta
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.insight import tasks as insight_tasks
from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import segments
from saleor_loyalty.insight.models import MemberSegment, SegmentRun
from tests.fixtures.loyalty import configure_program, make_member
from tests.fixtures.order_history import PAID, History, OrderPlan, create_orders, history_of
from tests.fixtures.sessions import run_in_other_session_while_locked


def ntile(keys: dict, buckets: int = 5) -> dict:
    """SQL's NTILE: sort, then cut into `buckets` groups, the first ones one larger."""
    ordered = sorted(keys, key=lambda member: keys[member])
    size, extra = divmod(len(ordered), buckets)
    scores, start = {}, 0
    for bucket in range(1, buckets + 1):
        end = start + size + (1 if bucket <= extra else 0)
        for member in ordered[start:end]:
            scores[member] = bucket
        start = end
    return scores


def segment_of(r, f, m, frequency, last_order_at, joined_at, now, dormant_days):
    """The README's mapping, rule by rule."""
    dormant_since = now - timedelta(days=dormant_days)
    if frequency == 0:
        return "new" if joined_at > dormant_since else "lost"
    if last_order_at <= dormant_since:
        return "at_risk" if f >= 4 or m >= 4 else "dormant"
    if r >= 4 and f >= 4 and m >= 4:
        return "champions"
    if f >= 4:
        return "loyal"
    if r >= 4 and f == 1:
        return "new"
    return "potential"


def expected_segments(history: History, now, window_days=365, dormant_days=90) -> dict:
    since = now - timedelta(days=window_days)
    activity = {}
    for c in history.customers:
        if not c.is_member:
            continue
        paid = [o for o in history.orders if o.customer == c.index and o.is_paid and o.created <= now]
        recent = [o for o in paid if o.created >= since]
        activity[c.index] = (
            max((o.created for o in paid), default=None),
            len(recent),
            sum((o.kept for o in recent), Decimal(0)),
        )
    buyers = {i: a for i, a in activity.items() if a[1] > 0}
    member_id = {i: history.members[i].pk for i in activity}
    r = ntile({i: (a[0], member_id[i]) for i, a in buyers.items()})
    f = ntile({i: (a[1], a[2], member_id[i]) for i, a in buyers.items()})
    m = ntile({i: (a[2], a[1], member_id[i]) for i, a in buyers.items()})
    result = {}
    for i, (last, frequency, money) in activity.items():
        scores = (r.get(i, 1), f.get(i, 1), m.get(i, 1))
        result[member_id[i]] = (
            "".join(map(str, scores)),
            segment_of(*scores, frequency, last, history.customer(i).joined_at, now, dormant_days),
            frequency,
            money,
        )
    return result


def snapshot() -> dict:
    return {
        row.member_id: (row.rfm_score, row.segment, row.frequency, row.monetary)
        for row in MemberSegment.objects.all()
    }


def test_scores_and_segments_follow_the_documented_mapping(shop_history):
    now = shop_history.now

    run = segments.compute_segments(load_program(), now)

    expected = expected_segments(shop_history, now)
    assert snapshot() == expected
    assert run.members == len(expected) == run.changed
    assert run.computed_at == now
    # The fixture reaches every segment.
    assert {segment for _, segment, _, _ in expected.values()} == {
        "champions", "loyal", "potential", "new", "at_risk", "dormant", "lost"
    }


def test_window_and_dormancy_come_from_the_program_settings(shop_history):
    program = configure_program(segmentWindowDays="120", dormantDays="30")

    segments.compute_segments(program, shop_history.now)

    assert snapshot() == expected_segments(shop_history, shop_history.now, 120, 30)


def test_a_second_run_rewrites_only_what_changed(shop_history):
    program = load_program()
    segments.compute_segments(program, shop_history.now)

    again = segments.compute_segments(program, shop_history.now)

    assert again.changed == 0
    assert SegmentRun.objects.count() == 2


def test_a_customer_whose_last_order_leaves_the_window_changes_segment_after_the_next_run(
    customer_user, entry_tier
):
    history = history_of([customer_user])
    with freeze_time("2024-01-01 12:00:00"):
        member = make_member(customer_user)
    create_orders(history, [OrderPlan(0, member.joined_at + timedelta(days=1), PAID, Decimal(50))])
    out = StringIO()

    with freeze_time("2024-02-01 12:00:00"):
        call_command("loyalty_segments", stdout=out)
    before = MemberSegment.objects.get(member=member)
    with freeze_time("2024-06-01 12:00:00"):  # dormant: no paid order for 90 days
        insight_tasks.compute_segments_task()
    dormant = MemberSegment.objects.get(member=member)
    with freeze_time("2025-01-05 12:00:00"):  # the order left the 365-day window
        call_command("loyalty_segments", stdout=out)
    lost = MemberSegment.objects.get(member=member)

    # The only buyer is the whole first quintile (NTILE): scores 1, 1, 1.
    assert (before.segment, before.rfm_score) == ("potential", "111")
    assert dormant.segment == "dormant"
    assert (lost.segment, lost.frequency, lost.rfm_score) == ("lost", 0, "111")
    assert "1 members, 1 changed" in out.getvalue()


def test_a_second_worker_does_nothing_while_a_run_holds_the_lock(db):
    result = run_in_other_session_while_locked(
        segments.SEGMENT_LOCK_ID,
        lambda: segments.compute_segments(load_program(), timezone.now()),
    )

    assert result is None
