"""Points through what only Saleor 3's order lifecycle has: a payment app's transactions
(Transaction API) beside the Dummy gateway, granted and requested refunds, returned and
refunded products, chargebacks, UUID order keys. What both hosts do (Dummy gateway
checkout, mark as paid, fulfil, cancel, `orderRefund`) is tests/points/test_accrual.py's."""
from datetime import timedelta
from decimal import Decimal

import graphene
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time
from saleor.order.models import Order
from saleor.plugins.manager import get_plugins_manager

from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight.models import PaidOrder
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.api import gid
from tests.fixtures.checkout import place_order
from tests.fixtures.loyalty import balances, configure_program, ledger_state
from tests.fixtures.program_switch import switch_program

HOOKS = ("order_created", "order_confirmed", "order_paid", "order_fully_paid", "order_updated",
         "order_fulfilled", "order_cancelled", "order_refunded", "order_fully_refunded")


@pytest.fixture
def shopper(member, customer_api):
    """A member of the program, signed in on the storefront."""
    return member, customer_api


@pytest.fixture
def goods(shop):
    """A shirt (25.00) and a mug (30.00); shipping costs 10.00."""
    return shop.add_variant("Shirt", "25.00"), shop.add_variant("Mug", "30.00", category="kitchen")


def _earning(order):
    return PointsTransaction.objects.get(key=f"earn:{order.pk}")


def _kept(order):
    return PaidOrder.objects.get(order_key=str(order.pk)).paid


def test_order_paid_through_transactions_earns_like_one_paid_through_payments(
    shopper, shop, goods, payment_app
):
    member, api = shopper
    shirt, mug = goods

    by_payment = place_order(api, shop, [(shirt, 2), (mug, 1)])
    by_transaction = payment_app.place_order(api, shop, [(shirt, 2), (mug, 1)])

    assert _earning(by_transaction).points == _earning(by_payment).points == 80
    assert _earning(by_transaction).status == "pending"
    assert _kept(by_transaction) == _kept(by_payment) == Decimal("90.00")
    assert balances(member) == (0, 160, 0)


def test_staff_order_earns_once_the_payment_app_has_charged_all_of_it(
    shopper, shop, goods, refund_desk, payment_app
):
    member, _api = shopper
    shirt, _mug = goods
    order = refund_desk.create_order_for(member.user, [(shirt, 2)])
    transaction_id = payment_app.charge(gid("Order", order), Decimal("30.00"))
    earned_when_half_paid = PointsTransaction.objects.filter(member=member).count()

    payment_app.report(transaction_id, "CHARGE_SUCCESS", Decimal("30.00"))

    assert earned_when_half_paid == 0
    assert (_earning(order).status, _earning(order).points) == ("pending", 50)
    assert _kept(order) == Decimal("60.00")


def test_zero_return_window_makes_points_available_at_fulfilment(
    shopper, shop, goods, refund_desk, payment_app
):
    configure_program(returnWindowDays="0")
    member, api = shopper
    shirt, mug = goods
    by_payment = place_order(api, shop, [(shirt, 1)])
    by_transaction = payment_app.place_order(api, shop, [(mug, 1)])

    refund_desk.fulfill(by_payment)
    refund_desk.fulfill(by_transaction)

    assert _earning(by_payment).status == _earning(by_transaction).status == "available"
    assert balances(member) == (55, 0, 55)


def test_cancelled_orders_void_pending_points(shopper, shop, goods, refund_desk, payment_app):
    member, api = shopper
    shirt, mug = goods
    by_payment = place_order(api, shop, [(shirt, 2)])
    by_transaction = payment_app.place_order(api, shop, [(mug, 1)])

    refund_desk.cancel(by_payment)
    refund_desk.cancel(by_transaction)

    assert _earning(by_payment).status == _earning(by_transaction).status == "void"
    assert balances(member) == (0, 0, 0)
    assert _kept(by_payment) == _kept(by_transaction) == 0


def test_granted_refund_confirmed_by_the_payment_app_claws_back_once(
    shopper, shop, goods, refund_desk, payment_app
):
    configure_program(returnWindowDays="0")
    member, api = shopper
    shirt, mug = goods
    order = payment_app.place_order(api, shop, [(shirt, 2), (mug, 1)])
    refund_desk.fulfill(order)
    transaction_id, _granted = refund_desk.grant_refund(order, Decimal("30.00"))
    requested_only = balances(member)

    first = payment_app.report(transaction_id, "REFUND_SUCCESS", Decimal("30.00"), psp="refund-1")
    again = payment_app.report(transaction_id, "REFUND_SUCCESS", Decimal("30.00"), psp="refund-1")

    # A request the app has not confirmed takes nothing; 30 of 90 takes a third of 80.
    assert requested_only == (80, 0, 80)
    assert (first, again) == (False, True)
    assert balances(member) == (53, 0, 53)
    assert _kept(order) == Decimal("60.00")


def test_refund_requested_from_a_transaction_claws_back_in_full(
    shopper, shop, goods, refund_desk, payment_app
):
    member, api = shopper
    shirt, _mug = goods
    order = payment_app.place_order(api, shop, [(shirt, 2)])

    transaction_id = refund_desk.request_refund(order, Decimal("60.00"))
    payment_app.report(transaction_id, "REFUND_SUCCESS", Decimal("60.00"))

    assert balances(member) == (0, 0, 0)
    assert PointsTransaction.objects.get(key__startswith=f"reverse:{order.pk}:txevent:").points == -50


def test_returned_and_refunded_products_claw_back(shopper, shop, goods, refund_desk):
    configure_program(returnWindowDays="0")
    member, api = shopper
    shirt, _mug = goods
    returned = place_order(api, shop, [(shirt, 2)])
    refund_desk.fulfill(returned)
    refunded = place_order(api, shop, [(shirt, 2)])

    refund_desk.return_products(returned, 1, refund=True)
    refund_desk.refund_products(refunded, 1)

    # Each order: 25 of 60 paid back takes 25/60 of its 50 points (21).
    assert _earning(returned).status == "available"
    assert balances(member) == (29, 29, 29)
    assert _kept(returned) == _kept(refunded) == Decimal("35.00")


def test_chargeback_claws_back_like_a_refund(shopper, shop, goods, refund_desk, payment_app):
    member, api = shopper
    shirt, _mug = goods
    order = payment_app.place_order(api, shop, [(shirt, 2)])
    (transaction,) = order.payment_transactions.all()

    payment_app.report(graphene.Node.to_global_id("TransactionItem", transaction.token), "CHARGE_BACK", Decimal("30.00"))

    assert balances(member) == (0, 25, 0)
    assert _kept(order) == Decimal("30.00")


def test_each_hook_replayed_three_times_leaves_the_ledger_unchanged(
    shopper, shop, goods, refund_desk, payment_app
):
    configure_program(returnWindowDays="0")
    member, api = shopper
    shirt, mug = goods
    by_payment = place_order(api, shop, [(shirt, 2), (mug, 1)])
    by_transaction = payment_app.place_order(api, shop, [(shirt, 2)])
    refund_desk.fulfill(by_payment)
    refund_desk.refund(by_payment, Decimal("20.00"))
    transaction_id = refund_desk.request_refund(by_transaction, Decimal("15.00"))
    payment_app.report(transaction_id, "REFUND_SUCCESS", Decimal("15.00"))
    refund_desk.cancel(by_transaction)
    before = ledger_state(member)

    manager = get_plugins_manager(allow_replica=False)
    for order in (by_payment, by_transaction):
        for hook in HOOKS:
            for _ in range(3):
                getattr(manager, hook)(Order.objects.get(pk=order.pk), webhooks=set())

    assert before == ledger_state(member)
    # 80 less 20/90 of them; the cancelled order's 50 (less 15/60 of them) voided.
    assert before[1] == (62, 0, 62, 0)


def test_order_keys_are_uuids_and_other_strings_name_no_order(shopper, shop, goods):
    _member, api = shopper
    shirt, _mug = goods
    order = place_order(api, shop, [(shirt, 1)])

    found = host_orders.orders_by_keys([str(order.pk), "42", "not-a-key", ""])

    assert host_orders.order_key(order) == str(order.pk)
    assert host_orders.get_order(str(order.pk)) == order
    assert [host_orders.get_order(key) for key in ("42", "x", "", str(order.pk)[:-1])] == [None] * 4
    assert found == {str(order.pk): order}


def test_refund_reported_while_the_program_was_off_is_clawed_back_when_it_is_on_again(
    shopper, shop, goods, manage_plugins_api, payment_app
):
    member, api = shopper
    shirt, _mug = goods
    placed_at = timezone.now()
    with freeze_time(placed_at):
        order = payment_app.place_order(api, shop, [(shirt, 2)])
    (transaction,) = order.payment_transactions.all()

    # An hour later, well after the order's own events.
    with freeze_time(placed_at + timedelta(hours=1)):
        switch_program(manage_plugins_api, False)
        # Refunded from the payment provider's side: Saleor writes a transaction event
        # and no order event.
        payment_app.report(graphene.Node.to_global_id("TransactionItem", transaction.token), "REFUND_SUCCESS",
                           Decimal("60.00"))
        while_off = balances(member)
        switch_program(manage_plugins_api, True)

    assert while_off == (0, 50, 0)
    assert balances(member) == (0, 0, 0)
    assert _kept(order) == 0


def test_an_order_is_read_in_the_same_number_of_queries_whatever_it_holds(
    shopper, shop, goods, refund_desk
):
    _member, api = shopper
    shirt, mug = goods
    small = place_order(api, shop, [(shirt, 1)])
    large = place_order(api, shop, [(shirt, 3), (mug, 2)])
    for amount in ("5.00", "6.00", "7.00"):
        refund_desk.refund(large, Decimal(amount))

    counts = []
    for order in (small, large):
        with CaptureQueriesContext(connection) as queries:
            facts = host_orders.order_facts(order)
        counts.append(len(queries))

    # The order afresh, payments joined to their refunds, transaction items joined to their
    # events, lines.
    assert counts[0] == counts[1] == 4
    assert (len(facts.lines), len(facts.refunds), facts.paid) == (2, 3, Decimal("145.00"))
