"""The statistics' record of paid orders and of every customer's first paid order,
kept by the order hooks and the nightly reconciliation."""
import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone
from saleor.order import OrderStatus
from saleor.order.models import Order

from saleor_loyalty.core.program import load_program
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight import paid_orders, stats
from saleor_loyalty.insight.models import CustomerFirstOrder, PaidOrder
from tests.fixtures.order_history import PAID, OrderPlan, create_orders, history_of
from tests.fixtures.orders import CREATED, placed_at
from tests.fixtures.users import create_customer


def _first_paid_at(user):
    row = CustomerFirstOrder.objects.filter(user=user).first()
    return row.first_paid_at if row else "no row"


def _recorded(order):
    row = PaidOrder.objects.get(order_key=str(order.pk))
    return row.user_id, row.member_id, row.created, row.paid


def _rates(since):
    result = stats.compute_stats(load_program(), stats.make_period(since, None, timezone.now()))
    return result.user_repurchase_rate, result.order_repurchase_rate


def test_a_members_checkout_is_recorded_as_a_member_order(customer_api, member, shop,
                                                         order_placer, api_client):
    variant = shop.add_variant("Tea", "10.00")

    order = order_placer(customer_api, [(variant, 1)])
    guest_order = order_placer(api_client, [(variant, 1)], email="guest@example.com")

    assert _recorded(order) == (member.user_id, member.pk, placed_at(order), Decimal("20.000"))
    assert _recorded(guest_order) == (None, None, placed_at(guest_order), Decimal("20.000"))
    result = stats.compute_stats(load_program(), stats.make_period(placed_at(order), None,
                                                                   timezone.now()))
    assert (result.active_members, result.member_average_order_value,
            result.guest_average_order_value) == (1, Decimal("20.00"), Decimal("20.00"))


def test_checkout_records_the_customers_first_paid_order(customer_api, customer_user, shop,
                                                         order_placer):
    variant = shop.add_variant("Tea", "10.00")
    before = timezone.now()

    first = order_placer(customer_api, [(variant, 1)])
    order_placer(customer_api, [(variant, 1)])

    # Not a member: the rates count every customer with an account.
    assert not hasattr(customer_user, "loyalty_member")
    assert _first_paid_at(customer_user) == placed_at(first)
    assert _rates(before) == (1.0, 0.5)


def test_an_unpaid_order_is_not_the_first_paid_order(customer_api, customer_user, shop,
                                                     order_placer, order_desk):
    variant = shop.add_variant("Tea", "10.00")

    unpaid = order_placer(customer_api, [(variant, 1)], payment_token="not-charged")
    assert _first_paid_at(customer_user) is None

    order_desk.capture(unpaid, str(unpaid.total_gross_amount))
    assert _first_paid_at(customer_user) == placed_at(unpaid)


def test_cancelling_the_first_order_makes_the_next_one_first(customer_api, customer_user, shop,
                                                             order_placer, order_desk):
    variant = shop.add_variant("Tea", "10.00")
    before = timezone.now()
    first = order_placer(customer_api, [(variant, 1)])
    second = order_placer(customer_api, [(variant, 1)])

    order_desk.cancel(first)

    assert _recorded(first)[3] == 0  # no longer paid: nothing kept
    assert _first_paid_at(customer_user) == placed_at(second)
    # One paid order left in the period, and it is the customer's first.
    assert _rates(before) == (0.0, 0.0)


def test_a_full_refund_of_the_first_order_makes_the_next_one_first(
    customer_api, customer_user, shop, order_placer, order_desk
):
    variant = shop.add_variant("Tea", "10.00")
    first = order_placer(customer_api, [(variant, 1)])
    second = order_placer(customer_api, [(variant, 1)])

    order_desk.refund(first, str(first.total_gross_amount / 2))
    assert _first_paid_at(customer_user) == placed_at(first)  # part of the money kept
    assert _recorded(first)[3] == first.total_gross_amount / 2

    order_desk.refund(first, str(first.total_gross_amount / 2))
    assert _first_paid_at(customer_user) == placed_at(second)


def test_a_repeat_order_in_the_period_counts_when_the_first_was_before_it(
    customer_api, customer_user, shop, order_placer
):
    variant = shop.add_variant("Tea", "10.00")
    first = order_placer(customer_api, [(variant, 1)])
    Order.objects.filter(pk=first.pk).update(**{CREATED: timezone.now() - timedelta(days=40)})
    paid_orders.reconcile()  # the order was moved back without a hook
    order_placer(customer_api, [(variant, 1)])

    # The period's only order is the customer's second: a repeat order.
    assert _rates(timezone.now() - timedelta(days=30)) == (0.0, 1.0)


def _history(*emails):
    users = [create_customer(email) for email in emails]
    return history_of(users), users


def test_reconcile_repairs_orders_changed_without_hooks_and_changes_nothing_twice(db):
    history, (ada, bo) = _history("ada@example.com", "bo@example.com")
    now = timezone.now()
    older, newer, bos = create_orders(history, [
        OrderPlan(0, now - timedelta(days=9), PAID, Decimal(10)),
        OrderPlan(0, now - timedelta(days=5), PAID, Decimal(10)),
        OrderPlan(1, now - timedelta(days=3), PAID, Decimal(10)),
    ])
    assert (_first_paid_at(ada), _first_paid_at(bo)) == (placed_at(older), placed_at(bos))

    # A script cancels Ada's first order and Bo's only one, and turns Ada's second
    # into a guest checkout, with no hook.
    Order.objects.filter(pk__in=[older.pk, bos.pk]).update(status=OrderStatus.CANCELED)
    Order.objects.filter(pk=newer.pk).update(user=None)

    assert paid_orders.reconcile() == 5  # three orders, two customers
    assert (_first_paid_at(ada), _first_paid_at(bo)) == (None, None)
    assert [_recorded(o)[3] for o in (older, newer, bos)] == [0, 10, 0]
    assert _recorded(newer)[0] is None
    assert paid_orders.reconcile() == 0


def _wait_until_blocked(pid: int):
    with connection.cursor() as cursor:
        for _ in range(500):
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.01)
    raise AssertionError("the reconciliation never waited for the order's transaction")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reconcile_never_overwrites_what_a_newer_transaction_wrote():
    """The reconciliation reads the orders as they were when it started; an order
    change that committed meanwhile wrote a newer answer, which it must keep."""
    history, (ada,) = _history("ada@example.com")
    now = timezone.now()
    first, second = create_orders(history, [
        OrderPlan(0, now - timedelta(days=9), PAID, Decimal(10)),
        OrderPlan(0, now - timedelta(days=5), PAID, Decimal(10)),
    ])
    # Out of date (as after an import), so the reconciliation has something to repair.
    PaidOrder.objects.filter(order_key=str(first.pk)).update(paid=0)
    cancelled, commit = threading.Event(), threading.Event()
    reconciler_pid, changed, errors = [], [], []

    def in_own_session(work):
        def run():
            try:
                work()
            except Exception as error:  # noqa: BLE001 - re-raised in the test's thread
                errors.append(error)
            finally:
                cancelled.set()  # never leave the other thread waiting
                connection.close()

        return threading.Thread(target=run)

    def cancel_first_order():
        # As Saleor's orderCancel with its hook: the order and its customer's row.
        with transaction.atomic():
            Order.objects.filter(pk=first.pk).update(status=OrderStatus.CANCELED)
            first.refresh_from_db()
            paid_orders.order_synced(host_orders.order_facts(first))
            cancelled.set()
            commit.wait(10)

    def reconcile():
        cancelled.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            reconciler_pid.append(cursor.fetchone()[0])
        changed.append(paid_orders.reconcile())

    threads = [in_own_session(cancel_first_order), in_own_session(reconcile)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(1000):
            if reconciler_pid or errors:
                break
            time.sleep(0.01)
        assert reconciler_pid, errors
        _wait_until_blocked(reconciler_pid[0])  # its snapshot still shows the first order paid
    finally:
        commit.set()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    assert changed == [0]
    assert _recorded(first)[3] == 0 and _first_paid_at(ada) == placed_at(second)
    assert paid_orders.reconcile() == 0
