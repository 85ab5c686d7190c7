"""Two beat schedulers firing the same periodic job at once: each job, run twice at the
same moment in two real database sessions, does what one run does (issue 23, item 13)."""
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from saleor.order import OrderStatus
from saleor.account.models import Address
from saleor.payment.models import Payment

from saleor_loyalty.core.program import load_program
from saleor_loyalty.core.schedule import LOYALTY_BEAT_SCHEDULE
from saleor_loyalty.coupons import member_coupons
from saleor_loyalty.coupons import tasks as coupon_tasks
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.engagement import journeys
from saleor_loyalty.engagement import tasks as engagement_tasks
from saleor_loyalty.engagement.models import JourneySend, JourneyTrigger
from saleor_loyalty.insight import tasks as insight_tasks
from saleor_loyalty.insight.models import CustomerFirstOrder, MemberTag, PaidOrder, Tag
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import tasks as notification_tasks
from saleor_loyalty.notifications.models import Delivery, ExpiryReminder
from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.tiers import tasks as tier_tasks
from saleor_loyalty.tiers.models import Tier, TierChange
from tests.fixtures.concurrency import run_concurrently
from tests.fixtures.loyalty import configure_program, credit_points, make_member
from tests.fixtures.orders import new_order
from tests.fixtures.shop import US_ADDRESS
from tests.fixtures.users import create_customer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def entry_tier():
    return Tier.objects.create(name="Member", slug="member", rank=0)


def twice_at_once(task):
    spans = []

    def timed():
        start = time.monotonic()
        result = task()
        spans.append((start, time.monotonic()))
        return result

    outcomes = run_concurrently([timed, timed])
    assert [outcome[0] for outcome in outcomes] == ["ok", "ok"], outcomes
    (start_a, end_a), (start_b, end_b) = sorted(spans)
    assert start_b < end_a, "the two runs did not overlap: the test proves nothing"
    return [outcome[1] for outcome in outcomes]


def members(count, prefix):
    return [make_member(create_customer(f"{prefix}{i}@example.com")) for i in range(count)]


COVERED = (  # each run twice at once by a test below
    points_tasks.release_due_points_task, points_tasks.expire_points_task,
    coupon_tasks.return_expired_coupon_points_task, tier_tasks.review_tiers_task,
    insight_tasks.reconcile_paid_orders_task, insight_tasks.compute_segments_task,
    coupon_tasks.issue_birthday_coupons_task, coupon_tasks.issue_winback_coupons_task,
    coupon_tasks.issue_member_day_coupons_task, notification_tasks.notify_tier_changes_task,
    notification_tasks.remind_expiring_points_task, engagement_tasks.run_journeys_task,
    engagement_tasks.reward_completed_profiles_task,
)


def covers(task):
    assert task in COVERED
    return task


def test_every_periodic_job_is_run_twice_at_once_below():
    assert {task.name for task in COVERED} == {entry["task"] for entry in LOYALTY_BEAT_SCHEDULE.values()}


def test_two_release_runs_at_once_release_each_earning_once(entry_tier):
    covered = covers(points_tasks.release_due_points_task)
    team = members(5, "release")
    for member in team:
        PointsTransaction.objects.create(
            member=member, key=f"earn:r{member.pk}", kind="earn", status="pending", points=70,
            order_key=f"r{member.pk}", window_ends_at=timezone.now() - timedelta(minutes=1),
        )
        Member.objects.filter(pk=member.pk).update(pending_points=70)

    twice_at_once(covered)

    assert sorted(Member.objects.values_list("points_balance", "pending_points", "lifetime_points")) == [
        (70, 0, 70)] * 5
    assert PointsTransaction.objects.filter(kind="earn", status="available").count() == 5


def test_two_expiry_runs_at_once_expire_each_lot_once(entry_tier):
    covered = covers(points_tasks.expire_points_task)
    team = members(5, "expire")
    for member in team:
        credit_points(member, 50, f"old:{member.pk}", now=timezone.now() - timedelta(days=3), lifetime_days=1)

    twice_at_once(covered)

    assert list(Member.objects.values_list("points_balance", flat=True)) == [0] * 5
    assert PointsTransaction.objects.filter(kind="expiry").count() == 5


def test_two_runs_returning_expired_coupon_points_at_once_return_them_once(entry_tier):
    covered = covers(coupon_tasks.return_expired_coupon_points_task)
    configure_program(minimumRedemption="1")
    team = members(3, "coupon")
    for member in team:
        credit_points(member, 100, f"bonus:{member.pk}")
        member_coupons.redeem_points(member, 40, load_program(), timezone.now())
    Coupon.objects.filter(points_spent__gt=0).update(valid_until=timezone.now() - timedelta(hours=1))

    results = twice_at_once(covered)

    assert sum(results) == 3
    assert list(Member.objects.values_list("points_balance", flat=True)) == [100] * 3
    assert PointsTransaction.objects.filter(key__startswith="return:").count() == 3


def test_two_tier_reviews_at_once_review_once(entry_tier):
    covered = covers(tier_tasks.review_tiers_task)
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, threshold=Decimal(500))
    team = members(3, "review")
    Member.objects.filter(pk__in=[m.pk for m in team]).update(
        tier=gold, below_tier_since=timezone.now() - timedelta(days=400))
    changes_before = TierChange.objects.count()

    twice_at_once(covered)

    assert list(Member.objects.values_list("tier__slug", flat=True)) == ["member"] * 3
    assert TierChange.objects.count() - changes_before == 3


def _paid_orders(count):
    for i in range(count):
        user = create_customer(f"buyer{i}@example.com")
        order = new_order(user, user.email, OrderStatus.UNFULFILLED, timezone.now(), Decimal(20))
        order.save()
        Payment.objects.create(order=order, gateway="dummy", total=Decimal(20),
                               captured_amount=Decimal(20), currency="USD")


def test_two_paid_order_reconciliations_at_once_write_each_order_once(entry_tier):
    covered = covers(insight_tasks.reconcile_paid_orders_task)
    _paid_orders(20)

    twice_at_once(covered)

    assert PaidOrder.objects.count() == 20
    assert CustomerFirstOrder.objects.count() == 20
    assert set(PaidOrder.objects.values_list("paid", flat=True)) == {Decimal(20)}


def test_two_segment_runs_at_once_leave_one_result(entry_tier):
    from saleor_loyalty.insight.models import MemberSegment  # noqa: WPS433

    covered = covers(insight_tasks.compute_segments_task)
    team = members(3, "segment")
    tag = Tag.objects.create(name="Everybody", rule={"points_max": 1000})

    twice_at_once(covered)

    assert MemberSegment.objects.count() <= 3
    assert MemberSegment.objects.values("member_id").distinct().count() == MemberSegment.objects.count()
    # The tag rules run after the segments, once at a time.
    assert sorted(MemberTag.objects.filter(tag=tag).values_list("member_id", flat=True)) == sorted(
        m.pk for m in team)


def test_two_birthday_runs_at_once_issue_each_coupon_once(entry_tier, outbox):
    covered = covers(coupon_tasks.issue_birthday_coupons_task)
    configure_program(birthdayCoupon="15%")
    today = timezone.localdate()
    team = members(5, "birthday")
    Member.objects.filter(pk__in=[m.pk for m in team]).update(
        birthday=date(1990, today.month, min(today.day, 28)),
        birthday_set_at=timezone.now() - timedelta(days=90), joined_at=timezone.now() - timedelta(days=400))

    results = twice_at_once(covered)

    assert sorted(results)[0] == 0 and sum(results) == 5
    assert Coupon.objects.filter(kind="birthday").count() == 5


def test_two_winback_runs_at_once_issue_each_coupon_once(entry_tier):
    covered = covers(coupon_tasks.issue_winback_coupons_task)
    twice_at_once(covered)  # guarded by the same per-job lock as birthdays; no data needed
    assert Coupon.objects.filter(kind="winback").count() == 0


def test_two_member_day_runs_at_once_issue_each_coupon_once(entry_tier):
    covered = covers(coupon_tasks.issue_member_day_coupons_task)
    twice_at_once(covered)
    assert Coupon.objects.filter(kind="member_day").count() == 0


def test_two_tier_change_notice_runs_at_once_tell_each_change_once(entry_tier, outbox):
    covered = covers(notification_tasks.notify_tier_changes_task)
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, threshold=Decimal(500))
    team = members(5, "notice")
    TierChange.objects.update(notified_at=timezone.now())
    for member in team:
        TierChange.objects.create(member=member, from_tier=entry_tier, to_tier=gold, reason="upgrade")
    outbox.clear()

    results = twice_at_once(covered)

    assert sum(results) == 5
    assert not TierChange.objects.filter(notified_at__isnull=True).exists()
    assert len([m for m in outbox if "notice" in m.to[0]]) == 5


def test_two_expiry_reminder_runs_at_once_remind_each_member_once(entry_tier, outbox):
    covered = covers(notification_tasks.remind_expiring_points_task)
    configure_program(expiryReminderDays="14", pointsLifetimeDays="365")
    soon = timezone.now() + timedelta(days=10)
    for member in members(5, "remind"):
        credit_points(member, 120, f"lot:{member.pk}", now=soon - timedelta(days=365), lifetime_days=365)
    outbox.clear()

    results = twice_at_once(covered)

    assert sum(results) == 5
    assert ExpiryReminder.objects.count() == 5
    assert len(outbox) == 5


def test_two_journey_runs_at_once_send_each_step_once(entry_tier, outbox):
    covered = covers(engagement_tasks.run_journeys_task)
    silver = Tier.objects.create(name="Silver", slug="silver", rank=1, threshold=Decimal(500))
    journeys.create_journey({
        "name": "Silver is close", "trigger": JourneyTrigger.NEAR_NEXT_TIER, "points_gap": 100,
        "steps": [{"wait_hours": 0, "bonus_points": 5,
                   "templates": {"email": "{first_name}, {tier} is close"}}],
    }, timezone.now() - timedelta(minutes=1))
    team = members(5, "journey")
    for member in team:
        credit_points(member, int(silver.threshold) - 50, f"bonus:{member.pk}")
    outbox.clear()

    results = twice_at_once(covered)

    assert sum(results) == 5
    assert JourneySend.objects.count() == 5
    assert PointsTransaction.objects.filter(key__startswith="journey:").count() == 5
    assert Delivery.objects.filter(status="sent").count() == 5
    assert sorted(m.to[0] for m in outbox if "close" in m.body) == sorted(
        m.user.email for m in team)


def test_two_profile_point_runs_at_once_reward_each_profile_once(entry_tier):
    covered = covers(engagement_tasks.reward_completed_profiles_task)
    team = members(4, "profile")
    for member in team:
        user = member.user
        user.first_name, user.last_name = "Ada", "Lovelace"
        user.save(update_fields=["first_name", "last_name"])
        user.addresses.add(Address.objects.create(**US_ADDRESS))
        Member.objects.filter(pk=member.pk).update(birthday=date(1990, 4, 2))

    twice_at_once(covered)

    assert PointsTransaction.objects.filter(key__startswith="profile:").count() == 4
    assert Member.objects.filter(profile_rewarded_at__isnull=False).count() == 4
