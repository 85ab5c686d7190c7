"""Entry points for Saleor's order hooks: never let a loyalty failure break the shop."""
import logging
from datetime import timedelta
from typing import Callable, Optional

from django.db import transaction
from django.utils import timezone

from saleor_loyalty.core import pauses
from saleor_loyalty.core.program import Program, load_program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.engagement import referrals
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight import paid_orders
from saleor_loyalty.points import accrual

logger = logging.getLogger(__name__)


def sync_order_now(order, program: Program, recheck_tiers: bool = False, now=None):
    """Reconcile the ledger, the statistics' record and the member's tier with `order`,
    as of `now` (the moment of the call; a replayed past passes its own). Tiers are looked
    at when the order's money or the member's points moved, or always with `recheck_tiers`
    (for reconciliations: the record may have been written while the program was
    paused)."""
    with transaction.atomic():
        facts, now = host_orders.order_facts(order), now or timezone.now()
        spend_changed = paid_orders.order_synced(facts) or recheck_tiers
        member = accrual.sync_order(facts, program, now, spend_changed)
        if member is not None:
            referrals.order_synced(member, facts, program, now)
            coupons.order_synced(member, facts, program, now)


def sync_order_by_key(order_key: str):
    """For the retry task: the order as it is now, with the program as saved now."""
    order = host_orders.get_order(order_key)
    if order is not None:
        sync_order_now(order, load_program(), recheck_tiers=True)


def order_changed(order, program: Program, retry: Callable[[str], None],
                  recheck_tiers: bool = False):
    """Reconcile the ledger with `order`; on any failure log it and `retry(order_key)` once
    Saleor's transaction commits (the plugin passes a Celery task's scheduler).

    Runs in a savepoint, so a failure rolls back only the loyalty work and Saleor's
    own transaction (e.g. checkoutComplete) carries on.
    """
    order_key = host_orders.order_key(order)
    try:
        sync_order_now(order, program, recheck_tiers)
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("Loyalty could not process order %s; retrying later", order_key)
        transaction.on_commit(lambda: retry(order_key))


# How far back the nightly repair looks for members' orders without an earning.
REPAIR_DAYS = 7


def repair_missing_earnings(retry: Callable[[str], None], now=None, limit: int = 1000) -> int:
    """Re-sync members' paid orders of the last REPAIR_DAYS that the ledger holds no
    earning of, as their hooks would: a hook that failed and whose retry was lost (the
    Celery broker refused it) earns at the next nightly run, once (the earning's key).
    Returns how many orders were re-synced."""
    program = load_program()
    if not program.active:
        return 0
    since = (now or timezone.now()) - timedelta(days=REPAIR_DAYS)
    keys = paid_orders.member_orders_without_earning(since, limit)
    for order_key in keys:
        order = host_orders.get_order(order_key)
        if order is not None:
            order_changed(order, program, retry, recheck_tiers=True)
    return len(keys)


# The program switched off and on again (see core/pauses.py).
RESYNC_BATCH = 500


def program_switched(active: bool, reconcile_later: Optional[Callable[[], None]] = None,
                     noticed_by_job: bool = False):
    """The program was saved (or seen by a job) as `active`.

    Switched off: a pause starts. Switched on: the statistics' record of paid orders is
    brought in line with every order changed during the pause at once (two set-based
    statements), and `reconcile_later` (the plugin passes a Celery task's scheduler) runs
    once the transaction commits to reconcile the ledger with them.
    """
    ended = pauses.program_seen(active, timezone.now(), noticed_by_job=noticed_by_job)
    if ended is not None:
        paid_orders.reconcile_changed_after(ended.orders_mark)
        if reconcile_later is not None:
            transaction.on_commit(reconcile_later)


def reconcile_paused_orders(retry: Callable[[str], None], batch_size: int = RESYNC_BATCH) -> int:
    """Re-sync every order changed during the pauses that ended, once, as its hooks
    would have, with the program as saved now; returns how many orders were re-synced.

    A batch of orders per transaction, under the pause's row lock, its progress kept on
    the pause: a second worker waits and goes on after it, and a stopped run resumes;
    it stops while the program is switched off again. An order that fails is retried
    like a failed hook (`retry(order_key)`).
    """
    done = 0
    while True:
        with transaction.atomic():
            pause = pauses.lock_pending_reconciliation()
            program = load_program() if pause is not None else None
            if program is None or not program.active:
                return done
            orders, next_key = host_orders.orders_changed_after(
                pause.orders_mark, pause.reconciled_through or None, batch_size
            )
            for order in orders:
                order_changed(order, program, retry, recheck_tiers=True)
            pauses.record_progress(pause, next_key, next_key is None, timezone.now())
            done += len(orders)
