"""The demo's year of history: planned from a seed, written into Saleor's own tables and
replayed through the program, every event on its own day.

A small year (60 customers) on the tests' shop; the full-size demo is checked through
`loyaltyStats` against the demo server (tests/browser/test_demo_year.py)."""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from saleor.order.models import Order

from saleor_loyalty.core.program import load_program
from saleor_loyalty.demo.program import create_demo_tiers
from saleor_loyalty.demo.year import CAMPAIGN_NAME, load_demo_year
from saleor_loyalty.demo.year_plan import EMAIL_DOMAIN, plan_year
from saleor_loyalty.engagement.models import Campaign, CheckIn
from saleor_loyalty.host.history import PAID
from saleor_loyalty.host.orders import order_key
from saleor_loyalty.insight.stats import compute_stats, make_period
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import notices
from saleor_loyalty.points.models import PointsTransaction, TransactionKind
from saleor_loyalty.points.verify import find_differences
from saleor_loyalty.tiers.models import TierChange, TierChangeReason
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.orders import placed_at

SMALL = 60


def _repeat_rate(plan, since) -> float:
    buyers = {}
    for order in plan.orders:
        if order.outcome == PAID and order.placed_at >= since:
            buyers[order.customer] = buyers.get(order.customer, 0) + 1
    return sum(1 for orders in buyers.values() if orders >= 2) / len(buyers)


def test_the_same_seed_and_moment_plan_the_same_year():
    now = timezone.now()
    first, again, other = plan_year(now, 12), plan_year(now, 12), plan_year(now, 12, seed=1)
    assert first == again
    assert first.orders != other.orders


def test_the_full_year_has_several_hundred_members_who_come_back_as_real_shops_see():
    now = timezone.now()
    plan = plan_year(now, 40)
    assert sum(person.joins for person in plan.customers) > 300
    assert 0.15 <= _repeat_rate(plan, now - timedelta(days=365)) <= 0.6
    assert all(o.fulfilled_at is None or o.fulfilled_at > o.placed_at for o in plan.orders)


@pytest.fixture
def small_year(shop):
    for n in range(8):
        shop.add_variant(f"Year Tee {n}", f"{60 + 15 * n}.00")
    create_demo_tiers()
    now = timezone.now().replace(microsecond=0)
    year = load_demo_year(now, customers=SMALL)
    run_on_commit_callbacks()
    return now, year


def test_the_year_replays_every_order_and_member_on_its_own_day(small_year):
    now, year = small_year
    plan = plan_year(now, 8, customers=SMALL)
    joined = {p.email: p for p in plan.customers if p.joins}
    members = Member.objects.filter(user__email__endswith=EMAIL_DOMAIN).select_related(
        "user", "referred_by__user")

    assert year.members == len(joined) == members.count()
    for member in members:
        person = joined[member.user.email]
        assert member.joined_at == person.signed_up_at
        referrer = plan.customers[person.referrer].email if person.referrer is not None else None
        assert (member.referred_by.user.email if member.referred_by else None) == referrer
    orders = Order.objects.filter(user_email__endswith=EMAIL_DOMAIN)
    assert orders.count() == year.orders >= len(plan.orders)
    earnings = dict(PointsTransaction.objects.filter(kind=TransactionKind.EARN)
                    .values_list("order_key", "created_at"))
    member_orders = [o for o in orders if o.user.email in joined and o.total_gross_amount > 0]
    earned = [o for o in member_orders if order_key(o) in earnings]
    assert earned, "members' paid orders earn"
    assert all(earnings[order_key(o)] == placed_at(o) for o in earned)
    assert CheckIn.objects.count() == year.check_ins > 0


def test_the_year_gives_the_statistics_something_true_to_show(small_year):
    now, year = small_year
    stats = compute_stats(load_program(), make_period(now - timedelta(days=365), now, now))

    assert stats.points_issued > 0 and stats.points_expired > 0
    assert stats.points_redeemed > 0 and year.redemptions > 0
    assert 0 < stats.user_repurchase_rate < 1
    assert find_differences() == []
    campaign = Campaign.objects.get(name=CAMPAIGN_NAME)
    assert campaign.created_at == now - timedelta(days=60)
    assert campaign.grants.filter(holdout=True).exists() or campaign.recipients < 10


def test_a_second_load_changes_nothing_and_nobody_hears_of_the_past(small_year):
    now, _year = small_year
    rows = PointsTransaction.objects.count()

    assert load_demo_year(now, customers=SMALL) is None
    assert PointsTransaction.objects.count() == rows
    assert mail.outbox == []
    # The tier changes of the past are not told by the next run of the notices job either.
    assert TierChange.objects.exclude(reason=TierChangeReason.JOINED).exists()
    assert notices.notify_tier_changes(timezone.now(), tell=lambda ids: None) == []
