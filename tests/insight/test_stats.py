"""Program statistics equal the same figures computed by hand from the shop's history."""
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import Coupon, CouponKind
from saleor_loyalty.host.discounts import FIXED, VoucherTerms
from saleor_loyalty.insight import stats
from tests.fixtures.loyalty import make_member
from tests.fixtures.order_history import History


def _in(moment, start, end):
    return start <= moment <= end


def expected_stats(history: History, start, end) -> dict:
    """Straightforward Python over the plan (what the shop did), not over the database."""
    customers = history.customers
    paid = [o for o in history.orders if o.is_paid]
    in_period = [o for o in paid if _in(o.created, start, end)]
    by_customer = [o for o in in_period if o.customer is not None]

    def was_member(order):
        joined = order.customer is not None and customers[order.customer].joined_at
        return bool(joined) and joined <= order.created

    counts = {}
    for order in by_customer:
        counts[order.customer] = counts.get(order.customer, 0) + 1
    repeat_orders = [
        o for o in by_customer
        if any(p.customer == o.customer and p.created < o.created for p in paid)
    ]

    def average(orders):
        if not orders:
            return None
        mean = sum(o.kept for o in orders) / len(orders)
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    issued = redeemed = expired = outstanding = 0
    for p in history.points:
        if _in(p.earned_at, start, end):
            issued += p.earned
        if not p.pending_voided and _in(p.pending_at, start, end):
            issued += p.pending
        if p.redeemed and _in(p.redeemed_at, start, end):
            redeemed += p.redeemed
        left = p.earned - p.redeemed
        runs = [r for r in history.expiry_runs if r >= p.expires_at]
        if left and runs:
            if _in(runs[0], start, end):
                expired += left
            left = 0
        outstanding += left

    members = [c for c in customers if c.is_member]
    tier_counts = {}
    for c in members:
        tier_counts[c.tier_rank] = tier_counts.get(c.tier_rank, 0) + 1
    return {
        "members": sum(1 for c in members if c.joined_at <= end),
        "active_members": len({o.customer for o in in_period if was_member(o)}),
        "user_repurchase_rate": (
            sum(1 for n in counts.values() if n >= 2) / len(counts) if counts else 0.0
        ),
        "order_repurchase_rate": (
            len(repeat_orders) / len(by_customer) if by_customer else 0.0
        ),
        "tier_distribution": [
            (rank, tier_counts.get(rank, 0), tier_counts.get(rank, 0) / len(members))
            for rank in sorted(history.tiers)
        ],
        "points_issued": issued,
        "points_redeemed": redeemed,
        "points_expired": expired,
        "outstanding_points": outstanding,
        "outstanding_liability": outstanding * Decimal("0.01"),
        "member_average_order_value": average([o for o in in_period if was_member(o)]),
        "guest_average_order_value": average([o for o in in_period if not was_member(o)]),
    }


def actual_stats(result: stats.Stats) -> dict:
    return {
        "members": result.members,
        "active_members": result.active_members,
        "user_repurchase_rate": result.user_repurchase_rate,
        "order_repurchase_rate": result.order_repurchase_rate,
        "tier_distribution": [
            (share.tier.rank, share.members, share.share) for share in result.tier_distribution
        ],
        "points_issued": result.points_issued,
        "points_redeemed": result.points_redeemed,
        "points_expired": result.points_expired,
        "outstanding_points": result.outstanding_points,
        "outstanding_liability": result.outstanding_liability,
        "member_average_order_value": result.member_average_order_value,
        "guest_average_order_value": result.guest_average_order_value,
    }


@pytest.mark.parametrize(
    "start_days_ago, end_days_ago", [(30, 0), (200, 100)], ids=["last-30-days", "days-200-to-100"]
)
def test_every_statistic_equals_the_hand_computed_figure(shop_history, start_days_ago, end_days_ago):
    now = shop_history.now
    start, end = now - timedelta(days=start_days_ago), now - timedelta(days=end_days_ago)
    expected = expected_stats(shop_history, start, end)

    result = stats.compute_stats(load_program(), stats.Period(start, end))

    assert actual_stats(result) == expected
    # The fixture exercises every figure: nothing is trivially zero.
    assert expected["active_members"] and expected["points_expired"]
    assert 0 < expected["user_repurchase_rate"] < 1
    assert 0 < expected["order_repurchase_rate"] < 1


def test_cancelled_unpaid_refunded_and_draft_orders_never_count(shop_history):
    from tests.fixtures.order_history import CANCELLED, DRAFT, REFUNDED, UNPAID

    counted = stats.compute_stats(load_program(), stats.Period(stats.BEGINNING, shop_history.now))
    kinds = {o.kind for o in shop_history.orders}

    assert {CANCELLED, DRAFT, REFUNDED, UNPAID} <= kinds
    expected = expected_stats(shop_history, stats.BEGINNING, shop_history.now)
    assert counted.member_average_order_value == expected["member_average_order_value"]
    assert counted.guest_average_order_value == expected["guest_average_order_value"]


def test_coupon_redemption_rate_per_kind_counts_coupons_issued_in_the_period(customer_user, entry_tier):
    now = timezone.now()
    member = make_member(customer_user)
    terms = VoucherTerms(name="Gift", value_type=FIXED, value=Decimal(5), valid_from=now,
                         valid_until=now + timedelta(days=30))
    coupons.issue(member, CouponKind.WELCOME, "welcome:test", terms, now)  # unused
    for i in range(4):
        coupons.issue(member, CouponKind.REPURCHASE, f"repurchase:test-{i}", terms, now)
    Coupon.objects.filter(occasion__in=["repurchase:test-0", "repurchase:test-1", "repurchase:test-2"]) \
        .update(used_at=now)
    Coupon.objects.filter(occasion="repurchase:test-3").update(created_at=now - timedelta(days=40))

    result = stats.compute_stats(load_program(), stats.Period(now - timedelta(days=30), now))

    assert [(r.kind, r.issued, r.used, r.rate) for r in result.coupon_redemption] == [
        ("repurchase", 3, 3, 1.0),
        ("welcome", 1, 0, 0.0),
    ]
