"""The program switched off in the dashboard while orders change, then on again: the
ledger catches up with every order changed during the pause, once."""
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.plugins.models import PluginConfiguration

from saleor_loyalty import order_events
from saleor_loyalty.core import pauses
from saleor_loyalty.core.program import PLUGIN_ID
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight import tasks as insight_tasks
from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import balances, configure_program, ledger_state
from tests.fixtures.program_switch import switch_program


def _count_syncs(monkeypatch):
    synced = []
    real = order_events.sync_order_now

    def counting(order, program, recheck_tiers=False):
        synced.append(order.pk)
        real(order, program, recheck_tiers)

    monkeypatch.setattr(order_events, "sync_order_now", counting)
    return synced


def test_a_share_refunded_while_paused_is_not_released_after_resuming(
    customer_api, member, shop, order_placer, order_desk, manage_plugins_api
):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 4)])  # 100 goods + 10 shipping: 100 points
    order_desk.fulfill(order)
    switch_program(manage_plugins_api, active=False)
    order_desk.refund(order, "55.00")  # half of what was paid, unseen by the plugin

    switch_program(manage_plugins_api, active=True)
    # The release job comes before the resume's own task could run (on commit).
    with freeze_time(timezone.now() + timedelta(days=15)):
        points_tasks.release_due_points_task()

    assert balances(member) == (50, 0, 50)
    reversal = PointsTransaction.objects.get(kind="reversal", order_key=str(order.pk))
    assert (reversal.points, reversal.status) == (-50, "available")


def test_an_order_fulfilled_and_fully_refunded_while_paused_loses_its_pending_points(
    customer_api, member, shop, order_placer, order_desk, manage_plugins_api
):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])  # 50 points pending
    switch_program(manage_plugins_api, active=False)
    order_desk.fulfill(order)
    order_desk.refund(order, "60.00")

    switch_program(manage_plugins_api, active=True)
    run_on_commit_callbacks()  # the resume's reconciliation task

    assert balances(member) == (0, 0, 0)
    earning = PointsTransaction.objects.get(key=f"earn:{order.pk}")
    assert earning.window_ends_at is not None  # the fulfilment was seen too
    with freeze_time(timezone.now() + timedelta(days=15)):
        points_tasks.release_due_points_task()
    assert balances(member) == (0, 0, 0)


def test_points_released_before_a_pause_are_clawed_back_for_a_refund_made_during_it(
    customer_api, member, shop, order_placer, order_desk, manage_plugins_api
):
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])
    order_desk.fulfill(order)
    released = balances(member)
    switch_program(manage_plugins_api, active=False)
    order_desk.refund(order, "60.00")

    switch_program(manage_plugins_api, active=True)
    run_on_commit_callbacks()

    assert released == (50, 0, 50)
    assert balances(member) == (0, 0, 0)
    assert PointsTransaction.objects.filter(kind="reversal", order_key=str(order.pk)).count() == 1


def test_an_order_cancelled_while_paused_has_its_pending_points_voided_on_resume(
    customer_api, member, shop, order_placer, order_desk, manage_plugins_api
):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])
    switch_program(manage_plugins_api, active=False)
    order_desk.cancel(order)  # Saleor cancels orders that are not fulfilled

    switch_program(manage_plugins_api, active=True)
    run_on_commit_callbacks()

    assert balances(member) == (0, 0, 0)
    assert PointsTransaction.objects.get(key=f"earn:{order.pk}").status == "void"


def test_the_orders_of_a_pause_are_reconciled_exactly_once(
    customer_api, member, shop, order_placer, order_desk, manage_plugins_api, monkeypatch
):
    shirt = shop.add_variant("Shirt", "25.00")
    first = order_placer(customer_api, [(shirt, 4)])
    second = order_placer(customer_api, [(shirt, 2)])
    order_desk.fulfill(first)
    switch_program(manage_plugins_api, active=False)
    order_desk.refund(first, "55.00")
    order_desk.cancel(second)
    synced = _count_syncs(monkeypatch)
    switch_program(manage_plugins_api, active=True)

    run_on_commit_callbacks()
    after_resume = ledger_state(member)
    synced_at_resume = list(synced)
    points_tasks.reconcile_paused_orders_task()
    points_tasks.release_due_points_task()
    insight_tasks.reconcile_paid_orders_task()

    assert sorted(synced_at_resume) == sorted([first.pk, second.pk])
    assert synced == synced_at_resume  # nothing re-synced by the later runs
    assert ledger_state(member) == after_resume
    assert balances(member) == (0, 50, 0)
    assert pauses.pending_reconciliation() is None


def test_a_reconciliation_stopped_midway_goes_on_where_it_stopped(
    customer_api, member, shop, order_placer, order_desk, manage_plugins_api, monkeypatch
):
    shirt = shop.add_variant("Shirt", "25.00")
    orders = [order_placer(customer_api, [(shirt, 2)]) for _ in range(3)]
    switch_program(manage_plugins_api, active=False)
    for order in orders:
        order_desk.refund(order, "30.00")
    # The worker that would reconcile is lost: the reconciliation is run here, by hand.
    monkeypatch.setattr(points_tasks, "schedule_pause_reconciliation", lambda: None)
    switch_program(manage_plugins_api, active=True)
    synced = _count_syncs(monkeypatch)
    real_batch = host_orders.orders_changed_after
    batches = []

    def second_batch_fails(*args):
        batches.append(args)
        if len(batches) == 2:
            raise RuntimeError("worker lost")
        return real_batch(*args)

    monkeypatch.setattr(host_orders, "orders_changed_after", second_batch_fails)
    with pytest.raises(RuntimeError):
        order_events.reconcile_paused_orders(retry=points_tasks.schedule_order_retry, batch_size=1)
    synced_before_the_failure = list(synced)
    monkeypatch.setattr(host_orders, "orders_changed_after", real_batch)

    order_events.reconcile_paused_orders(retry=points_tasks.schedule_order_retry, batch_size=1)

    # One order, then the rest, each once (in the host's order of order keys).
    assert len(synced_before_the_failure) == 1
    assert synced[:1] == synced_before_the_failure
    assert sorted(synced) == sorted(order.pk for order in orders)
    assert pauses.pending_reconciliation() is None
    assert balances(member) == (0, 3 * 25, 0)


def test_only_orders_changed_during_the_pause_are_re_synced(
    customer_api, member, shop, order_placer, order_desk, manage_plugins_api, monkeypatch
):
    monkeypatch.setattr(pauses, "CHANGES_MARGIN", timedelta(0))
    shirt = shop.add_variant("Shirt", "25.00")
    untouched = [order_placer(customer_api, [(shirt, 1)]) for _ in range(3)]
    refunded = order_placer(customer_api, [(shirt, 2)])
    switch_program(manage_plugins_api, active=False)
    order_desk.refund(refunded, "30.00")
    synced = _count_syncs(monkeypatch)

    switch_program(manage_plugins_api, active=True)
    run_on_commit_callbacks()

    assert synced == [refunded.pk]
    assert len(untouched) == 3
    assert balances(member) == (0, 3 * 25 + 25, 0)  # half of the refunded order's 50


def test_a_pause_made_outside_the_dashboard_is_noticed_by_the_jobs(
    customer_api, member, shop, order_placer, order_desk
):
    configure_program()
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 4)])
    order_desk.fulfill(order)
    program_row = PluginConfiguration.objects.filter(identifier=PLUGIN_ID)
    program_row.update(active=False)  # e.g. from a shell: no pluginUpdate
    points_tasks.release_due_points_task()  # hourly; sees the program switched off
    order_desk.refund(order, "55.00")

    program_row.update(active=True)
    with freeze_time(timezone.now() + timedelta(days=15)):
        points_tasks.release_due_points_task()

    assert balances(member) == (50, 0, 50)


def test_an_order_paid_while_paused_earns_when_the_program_is_back_on(
    customer_api, member, shop, order_placer, manage_plugins_api
):
    shirt = shop.add_variant("Shirt", "25.00")
    switch_program(manage_plugins_api, active=False)
    order = order_placer(customer_api, [(shirt, 2)])
    earned_while_paused = PointsTransaction.objects.filter(order_key=str(order.pk)).count()

    switch_program(manage_plugins_api, active=True)
    run_on_commit_callbacks()

    # As its next hook (e.g. the fulfilment) would have done.
    assert earned_while_paused == 0
    assert balances(member) == (0, 50, 0)
