"""Entry points for Saleor's order hooks: never let a loyalty failure break the shop."""
import logging
from typing import Callable

from django.db import transaction
from django.utils import timezone

from saleor_loyalty.core.program import Program, load_program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.engagement import referrals
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight import paid_orders
from saleor_loyalty.points import accrual

logger = logging.getLogger(__name__)


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


def order_changed(order, program: Program, retry: Callable[[str], None]):
    """Reconcile the ledger with `order`; on any failure log it and `retry(order_key)` once
    Saleor's transaction commits (the plugin passes a Celery task's scheduler).

    Runs in a savepoint, so a failure rolls back only the loyalty work and Saleor's
    own transaction (e.g. checkoutComplete) carries on.
    """
    order_key = host_orders.order_key(order)
    try:
        sync_order_now(order, program)
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("Loyalty could not process order %s; retrying later", order_key)
        transaction.on_commit(lambda: retry(order_key))
