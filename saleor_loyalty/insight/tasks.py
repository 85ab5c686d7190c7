"""Celery tasks of the insight domain: nightly segments and tag rules, and the paid-order
record."""
from celery import shared_task
from django.utils import timezone

from saleor_loyalty import order_events
from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import paid_orders, segments, tags
from saleor_loyalty.points import tasks as points_tasks


@shared_task
def compute_segments_task():
    """Nightly: the RFM segments, then the tag rules (which may read the segments)."""
    program = load_program()
    if program.active:
        now = timezone.now()
        segments.compute_segments(program, now)
        tags.apply_rules(program, now)


@shared_task
def reconcile_paid_orders_task():
    # Also while the program is switched off: its hooks do not run then.
    paid_orders.reconcile()
    # And the ledger, for orders changed during a pause not yet reconciled.
    program = load_program()
    order_events.program_switched(program.active, noticed_by_job=True)
    order_events.reconcile_paused_orders(retry=points_tasks.schedule_order_retry)
    # And members' orders whose hook failed and whose retry was never queued.
    order_events.repair_missing_earnings(retry=points_tasks.schedule_order_retry)
