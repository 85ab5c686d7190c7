"""Points through Saleor's real order lifecycle: checkout, fulfil, cancel, refund."""
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.points import ledger, pending
from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.loyalty import configure_program, ledger_state, make_member
from tests.fixtures.orders import call_hook


def _earning(order):
    return PointsTransaction.objects.get(key=f"earn:{order.pk}")


def test_paid_member_order_earns_pending_points(customer_api, member, shop, order_placer):
    shirt = shop.add_variant("Shirt", "25.00")
    mug = shop.add_variant("Mug", "30.00")

    order = order_placer(customer_api, [(shirt, 2), (mug, 1)])

    earning = _earning(order)
    assert (earning.kind, earning.status, earning.points) == ("earn", "pending", 80)
    assert earning.order_key == str(order.pk)
    me = customer_api.query("{ me { loyalty { pointsBalance pendingPoints lifetimePoints } } }")
    assert me["me"]["loyalty"] == {"pointsBalance": 0, "pendingPoints": 80, "lifetimePoints": 0}


def test_points_become_available_after_fulfilment_and_return_window(
    customer_api, member, shop, order_placer, order_desk
):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])
    order_desk.fulfill(order)
    fulfilled_at = _earning(order).window_ends_at - timedelta(days=14)

    with freeze_time(fulfilled_at + timedelta(days=13)):
        points_tasks.release_due_points_task()
    still_pending = _earning(order).status

    release_time = fulfilled_at + timedelta(days=15)
    with freeze_time(release_time):
        points_tasks.release_due_points_task()

    earning = _earning(order)
    assert still_pending == "pending"
    assert (earning.status, earning.remaining) == ("available", 50)
    assert earning.available_at == release_time
    assert earning.expires_at == release_time + timedelta(days=365)
    member.refresh_from_db()
    assert (member.points_balance, member.pending_points, member.lifetime_points) == (50, 0, 50)


def test_points_follow_the_formula_with_discount_shipping_tier_and_excluded_category(
    customer_api, customer_user, gold_tier, shop, order_placer
):
    configure_program(categoryMultipliers="gift-cards:0", pointsPerCurrencyUnit="1")
    member = make_member(customer_user, tier=gold_tier)
    shirt = shop.add_variant("Shirt", "25.00", category="apparel")
    gift = shop.add_variant("Gift wrap", "20.00", category="gift-cards")
    shop.add_voucher("SAVE10", "10.00")

    order = order_placer(customer_api, [(shirt, 2), (gift, 1)], promo_code="SAVE10")

    # goods 70 - voucher 10 = 60 paid for goods (shipping 10 never counts); the
    # apparel share is 50 * 60/70 = 42.857, gift wrap is excluded; Gold earns x1.5.
    assert order.total_gross_amount == Decimal("70.00")
    assert _earning(order).points == 64
    member.refresh_from_db()
    assert member.pending_points == 64


def test_taxes_and_caps_follow_the_program(customer_api, member, shop, order_placer):
    configure_program(pointsPerCurrencyUnit="10", maxPointsPerOrder="300")
    shirt = shop.add_variant("Shirt", "25.00")

    order = order_placer(customer_api, [(shirt, 2)])

    assert _earning(order).points == 300


def test_member_day_orders_earn_the_campaign_multiplier(customer_api, member, shop, order_placer):
    today = timezone.localtime().day
    configure_program(memberDay=str(today), memberDayMultiplier="2")
    shirt = shop.add_variant("Shirt", "25.00")

    order = order_placer(customer_api, [(shirt, 1)])

    assert _earning(order).points == 50


def test_zero_return_window_makes_points_available_at_fulfilment(
    customer_api, member, shop, order_placer, order_desk
):
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 1)])

    order_desk.fulfill(order)

    assert _earning(order).status == "available"
    member.refresh_from_db()
    assert member.points_balance == 25


def test_orders_of_customers_who_are_not_members_earn_nothing(customer_api, shop, order_placer, db):
    shirt = shop.add_variant("Shirt", "25.00")

    order_placer(customer_api, [(shirt, 1)])

    assert PointsTransaction.objects.count() == 0


def test_cancelled_order_voids_pending_points(customer_api, member, shop, order_placer, order_desk):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])

    order_desk.cancel(order)

    assert _earning(order).status == "void"
    member.refresh_from_db()
    assert (member.points_balance, member.pending_points, member.lifetime_points) == (0, 0, 0)


def test_refund_after_release_claws_back_the_points(customer_api, member, shop, order_placer, order_desk):
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])
    order_desk.fulfill(order)

    order_desk.refund(order, "60.00")

    member.refresh_from_db()
    reversal = PointsTransaction.objects.get(kind="reversal", order_key=str(order.pk))
    assert reversal.points == -50
    assert (member.points_balance, member.lifetime_points) == (0, 0)


def test_partial_refund_claws_back_the_refunded_share(customer_api, member, shop, order_placer, order_desk):
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 4)])  # 100 goods + 10 shipping = 110
    order_desk.fulfill(order)

    order_desk.refund(order, "27.50")  # a quarter of what was paid

    member.refresh_from_db()
    assert member.points_balance == 75
    order_desk.refund(order, "27.50")
    member.refresh_from_db()
    assert member.points_balance == 50


def test_partial_refund_before_release_reduces_pending_points(
    customer_api, member, shop, order_placer, order_desk
):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 4)])
    order_desk.fulfill(order)

    order_desk.refund(order, "55.00")  # half
    member.refresh_from_db()
    pending_after_refund = member.pending_points
    pending.release_due(timezone.now() + timedelta(days=15), lifetime_days=365)

    member.refresh_from_db()
    assert pending_after_refund == 50
    assert (member.points_balance, member.pending_points, member.lifetime_points) == (50, 0, 50)
    assert _earning(order).remaining == 50


def test_cancel_after_release_claws_back_and_debt_is_settled_by_the_next_earning(
    customer_api, member, shop, order_placer, order_desk, staff_api, staff_user
):
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    first = order_placer(customer_api, [(shirt, 4)])
    order_desk.fulfill(first)
    member.refresh_from_db()
    ledger.debit(ledger.lock_member(member.pk), key="spend:test", kind="redeem", points=80,
                 now=timezone.now())

    order_desk.refund(first, "110.00")

    member.refresh_from_db()
    assert (member.points_balance, member.points_debt) == (0, 80)
    second = order_placer(customer_api, [(shirt, 4)])
    order_desk.fulfill(second)
    member.refresh_from_db()
    assert (member.points_balance, member.points_debt) == (20, 0)
    # the first order was refunded in full: only the second counts
    assert member.lifetime_points == 100


def test_authorized_order_earns_when_the_payment_is_captured(
    customer_api, member, shop, order_placer, order_desk
):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)], payment_token="not-charged")
    earned_before_capture = PointsTransaction.objects.count()

    order_desk.capture(order, "60.00")

    assert earned_before_capture == 0
    assert _earning(order).points == 50


def test_staff_order_marked_as_paid_earns_points(customer_user, member, shop, order_desk):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_desk.create_order_for(customer_user, [(shirt, 2)])
    earned_before_payment = PointsTransaction.objects.count()

    order_desk.mark_as_paid(order)

    assert earned_before_payment == 0
    assert _earning(order).points == 50


def test_cancelled_fulfilment_stops_the_return_window(customer_api, member, shop, order_placer, order_desk):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 1)])
    fulfillment = order_desk.fulfill(order)

    order_desk.cancel_fulfillment(fulfillment)
    pending.release_due(timezone.now() + timedelta(days=30), lifetime_days=365)

    earning = _earning(order)
    assert (earning.status, earning.window_ends_at) == ("pending", None)


def test_every_hook_replayed_three_times_leaves_the_ledger_unchanged(
    customer_api, member, shop, order_placer, order_desk
):
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 4)])
    order_desk.fulfill(order)
    order_desk.refund(order, "27.50")
    order.refresh_from_db()
    before = ledger_state(member)

    for _ in range(3):
        for hook in ("order_created", "order_fully_paid", "order_updated", "order_fulfilled"):
            call_hook(hook, order)

    assert ledger_state(member) == before


def test_cancel_after_release_claws_back_the_points_once(
    customer_api, member, shop, order_placer, order_desk
):
    """Saleor cancels only orders without fulfilments: staff cancel the fulfilment first."""
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])
    fulfillment = order_desk.fulfill(order)
    order_desk.cancel_fulfillment(fulfillment)

    order_desk.cancel(order)
    after_cancel = ledger_state(member)
    order.refresh_from_db()
    call_hook("order_cancelled", order)
    call_hook("order_updated", order)

    assert ledger_state(member) == after_cancel
    reversal = PointsTransaction.objects.get(key=f"reverse:{order.pk}:cancel")
    assert reversal.points == -50
    assert after_cancel[1] == (0, 0, 0, 0)


def test_hooks_seen_out_of_order_end_in_the_same_ledger(customer_api, member, shop, order_placer, order_desk):
    """Fulfilled is seen before paid: the window starts as soon as the payment is seen."""
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])
    order_desk.fulfill(order)
    expected = ledger_state(member)
    PointsTransaction.objects.all().delete()
    member.pending_points = 0
    member.save()
    order.refresh_from_db()

    call_hook("order_fulfilled", order)
    call_hook("order_fully_paid", order)

    assert ledger_state(member) == expected
    assert _earning(order).window_ends_at is not None
