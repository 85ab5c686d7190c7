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
from saleor_loyalty.insight.models import CustomerFirstOrder, CustomerSpend, PaidOrder
from tests.fixtures.order_history import PAID, OrderPlan, create_orders, history_of
from tests.fixtures.orders import CREATED, placed_at
from tests.fixtures.users import create_customer


def _first_paid_at(user):
    row = CustomerFirstOrder.objects.filter(user=user).first()
    return row.first_paid_at if row else "no row"


def _last_paid_at(user):
    return CustomerFirstOrder.objects.get(user=user).last_paid_at


def _spend(user):
    return {row.currency: row.spend for row in CustomerSpend.objects.filter(user=user)}


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


def test_a_customers_spend_and_last_paid_order_follow_every_change_of_their_orders(
    customer_api, customer_user, shop, order_placer, order_desk
):
    variant = shop.add_variant("Tea", "10.00")
    first = order_placer(customer_api, [(variant, 1)])
    second = order_placer(customer_api, [(variant, 2)])
    unpaid = order_placer(customer_api, [(variant, 1)], payment_token="not-charged")
    total = first.total_gross_amount + second.total_gross_amount
    assert (_spend(customer_user), _last_paid_at(customer_user)) == (
        {"USD": total}, placed_at(second))

    order_desk.refund(second, "5.00")
    assert _spend(customer_user) == {"USD": total - 5}

    order_desk.refund(second, str(second.total_gross_amount - 5))  # the last one, in full
    assert (_spend(customer_user), _last_paid_at(customer_user)) == (
        {"USD": first.total_gross_amount}, placed_at(first))

    order_desk.capture(unpaid, str(unpaid.total_gross_amount))
    order_desk.cancel(first)
    assert (_spend(customer_user), _last_paid_at(customer_user)) == (
        {"USD": unpaid.total_gross_amount}, placed_at(unpaid))
    # What the hooks kept is what the nightly reconciliation computes from scratch.
    assert paid_orders.reconcile() == 0


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

    # Three orders, two customers' first and last orders, two customers' spend.
    assert paid_orders.reconcile() == 7
    assert (_first_paid_at(ada), _first_paid_at(bo)) == (None, None)
    assert (_spend(ada), _spend(bo)) == ({"USD": 0}, {"USD": 0})
    assert [_recorded(o)[3] for o in (older, newer, bos)] == [0, 10, 0]
    assert _recorded(newer)[0] is None
    assert paid_orders.reconcile() == 0


def _in_own_session(work, errors: list, done: threading.Event) -> threading.Thread:
    """A thread running `work` in a database session of its own: its error kept in
    `errors` (re-raised in the test's thread), `done` set however it ends, so that the
    other thread never waits for it in vain."""
    def run():
        try:
            work()
        except Exception as error:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(error)
        finally:
            done.set()
            connection.close()

    return threading.Thread(target=run)


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
        return _in_own_session(work, errors, cancelled)

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
    # Only Ada's spend, which the out-of-date row had left counting the first order.
    assert changed == [1]
    assert _recorded(first)[3] == 0 and _first_paid_at(ada) == placed_at(second)
    assert _spend(ada) == {"USD": Decimal(10)}
    assert paid_orders.reconcile() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hooks_of_one_customers_orders_at_the_same_time_both_change_their_spend():
    """Each hook adds what changed in its order to the spend row as the other left it."""
    history, (ada,) = _history("ada@example.com")
    now = timezone.now()
    first, second = create_orders(history, [
        OrderPlan(0, now - timedelta(days=9), PAID, Decimal(10)),
        OrderPlan(0, now - timedelta(days=5), PAID, Decimal(30)),
    ])
    assert _spend(ada) == {"USD": Decimal(40)}
    synced, commit = threading.Event(), threading.Event()
    second_pid, errors = [], []

    def cancel(order, before_commit, pids):
        def work():
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    pids.append(cursor.fetchone()[0])
                Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELED)
                order.refresh_from_db()
                paid_orders.order_synced(host_orders.order_facts(order))
                before_commit()

        return _in_own_session(work, errors, synced)

    def hold():
        synced.set()
        commit.wait(10)

    holder = cancel(first, hold, [])
    holder.start()
    synced.wait(10)
    other = cancel(second, lambda: None, second_pid)
    other.start()
    try:
        for _ in range(1000):
            if second_pid or errors:
                break
            time.sleep(0.01)
        assert second_pid, errors
        _wait_until_blocked(second_pid[0])  # on the rows the first hook holds
    finally:
        commit.set()
        holder.join(timeout=30)
        other.join(timeout=30)

    assert errors == []
    assert _spend(ada) == {"USD": Decimal(0)}
    # The last paid order is read from the orders as the second hook's statement found
    # them (the first cancellation not committed yet): the nightly run repairs it.
    paid_orders.reconcile()
    assert (_spend(ada), _last_paid_at(ada)) == ({"USD": Decimal(0)}, None)
