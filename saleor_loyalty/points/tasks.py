"""Celery tasks of the points domain: thin wrappers over the ledger, accrual and backfill."""
import logging

from celery import shared_task
from django.utils import timezone

from saleor_loyalty import order_events
from saleor_loyalty.core import chunks
from saleor_loyalty.core.program import load_program
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import backfill, ledger, pending, releasing

logger = logging.getLogger(__name__)
RETRY_DELAY_SECONDS = 60


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def sync_order_task(order_key: str):
    order_events.sync_order_by_key(order_key)


def schedule_order_retry(order_key: str):
    """Reconcile the order again in a minute; a broker that is down must not fail the request."""
    try:
        sync_order_task.apply_async((order_key,), countdown=RETRY_DELAY_SECONDS)
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("Could not schedule the loyalty retry of order %s", order_key)


def schedule_pause_reconciliation():
    """Reconcile the orders changed during a pause (the program was just switched back
    on); a broker that is down must not fail the request: the release job does it then."""
    try:
        reconcile_paused_orders_task.delay()
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("Could not schedule the loyalty reconciliation after a pause")


@shared_task
def reconcile_paused_orders_task():
    order_events.reconcile_paused_orders(retry=schedule_order_retry)


@shared_task
def release_due_points_task():
    program = load_program()
    # A switch made outside the dashboard is noticed here; and no points are released
    # before every order changed during a pause has been re-synced.
    order_events.program_switched(program.active, noticed_by_job=True)
    if program.active:
        order_events.reconcile_paused_orders(retry=schedule_order_retry)
        now = timezone.now()
        due = pending.due_for_release(now).values_list("member_id").distinct()
        if not chunks.fan_out("release", f"{now:%Y-%m-%dT%H}", now, due, release_chunks_task):
            releasing.release_due_points(program, now)


@shared_task(acks_late=True)
def release_chunks_task(run_id: int):
    """One worker's share of a release run spread over several workers (core/chunks.py)."""
    program = load_program()
    if program.active:
        chunks.work(run_id,
                    lambda first, last, now: releasing.release_due_points(program, now,
                                                                           (first, last)),
                    worker=chunks.worker_name(release_chunks_task))


@shared_task
def expire_points_task():
    if load_program().active:
        now = timezone.now()
        due = ledger.due_for_expiry(now).values_list("member_id").distinct()
        if not chunks.fan_out("expiry", f"{now:%Y-%m-%dT%H}", now, due, expire_chunks_task):
            ledger.expire_due(now)


@shared_task(acks_late=True)
def expire_chunks_task(run_id: int):
    """One worker's share of an expiry run spread over several workers."""
    if load_program().active:
        chunks.work(run_id, lambda first, last, now: ledger.expire_due(now, members=(first, last)),
                    worker=chunks.worker_name(expire_chunks_task))


@shared_task
def backfill_member_task(member_id: int):
    member = Member.objects.filter(pk=member_id).first()
    program = load_program()
    if member is not None and program.active:
        backfill.backfill_member(member, program)
