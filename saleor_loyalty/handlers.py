"""Entry points for Saleor's order hooks: never let a loyalty failure break the shop."""
import logging

from django.db import transaction
from django.utils import timezone

from . import accrual, coupons, paid_orders, referrals
from .host import orders as host_orders
from .program import Program, load_program

logger = logging.getLogger(__name__)
RETRY_DELAY_SECONDS = 60


def sync_order_now(order, program: Program):
    with transaction.atomic():
        facts, now = host_orders.order_facts(order), timezone.now()
        paid_orders.order_synced(facts)
        member = accrual.sync_order(facts, program, now)
        if member is not None:
            referrals.order_synced(member, facts, program, now)
            coupons.order_synced(member, facts, program, now)


def sync_order_by_key(order_key: str):
    """For the retry task: the order as it is now, with the program as saved now."""
    order = host_orders.get_order(order_key)
    if order is not None:
        sync_order_now(order, load_program())


def _schedule_retry(order_key: str):
    from .tasks import sync_order_task

    try:
        sync_order_task.apply_async((order_key,), countdown=RETRY_DELAY_SECONDS)
    except Exception:  # noqa: BLE001 - the broker being down must not fail the request
        logger.exception("Could not schedule the loyalty retry of order %s", order_key)


def order_changed(order, program: Program):
    """Reconcile the ledger with `order`; on any failure log it and retry in the background.

    Runs in a savepoint, so a failure rolls back only the loyalty work and Saleor's
    own transaction (e.g. checkoutComplete) carries on.
    """
    order_key = host_orders.order_key(order)
    try:
        sync_order_now(order, program)
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("Loyalty could not process order %s; retrying later", order_key)
        transaction.on_commit(lambda: _schedule_retry(order_key))
