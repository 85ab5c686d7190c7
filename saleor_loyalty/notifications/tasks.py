"""Celery tasks of the notifications domain, and the calls that queue them.

Domain code tells members through the functions at the bottom (`member_joined`,
`coupon_issued`, ...): each queues its e-mail task once the transaction commits, so an
e-mail is never sent for work that was rolled back, and a broker that is down never fails
the request. This module imports only what renders and chooses e-mails, never the domains
that call it.
"""
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterable, Optional

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons.models import Coupon, CouponKind
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import deliveries, notices, sending
from saleor_loyalty.notifications.models import ExpiryReminder
from saleor_loyalty.tiers.models import TierChange

logger = logging.getLogger(__name__)
BULK_CHUNK = 500
# A message is tried 1 + DELIVERY_RETRIES times, waiting 1, 2, 4, 8 and 16 minutes between.
DELIVERY_RETRIES = 5
DELIVERY_BACKOFF_SECONDS = 60


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_member_email_task(template: str, member_id: int, coupon_id: int = None,
                           campaign_id: int = None, tier_change_id: int = None,
                           reminder_id: int = None):
    sending.send_member_email(template, member_id, coupon_id, campaign_id, tier_change_id, reminder_id)


@shared_task(bind=True, acks_late=True, max_retries=DELIVERY_RETRIES)
def deliver_task(self, delivery_id: int):
    """Send one delivery (`deliveries.deliver`); its last attempt marks it failed."""
    retries = self.request.retries
    try:
        deliveries.deliver(delivery_id, final_attempt=retries >= self.max_retries)
    except Exception as exc:  # noqa: BLE001 - recorded on the delivery; try again later
        raise self.retry(exc=exc, countdown=DELIVERY_BACKOFF_SECONDS * 2 ** retries)


@shared_task
def queue_deliveries_task(delivery_ids):
    for delivery_id in delivery_ids:
        deliver_task.delay(delivery_id)


@shared_task
def send_coupon_emails_task(coupon_ids):
    for coupon_id, member_id in Coupon.objects.filter(pk__in=coupon_ids).values_list("pk", "member_id"):
        send_member_email_task.delay("coupon_issued", member_id, coupon_id)


@shared_task
def send_tier_change_emails_task(change_ids):
    for change_id, member_id in TierChange.objects.filter(pk__in=change_ids).values_list("pk", "member_id"):
        send_member_email_task.delay("tier_changed", member_id, tier_change_id=change_id)


@shared_task
def send_expiry_reminder_emails_task(reminder_ids):
    reminders = ExpiryReminder.objects.filter(pk__in=reminder_ids).values_list("pk", "member_id")
    for reminder_id, member_id in reminders:
        send_member_email_task.delay("points_expiring", member_id, reminder_id=reminder_id)


@shared_task
def notify_tier_changes_task():
    return len(notices.notify_tier_changes(timezone.now(), tell=tier_changes))


@shared_task
def remind_expiring_points_task():
    return len(notices.remind_expiring_points(load_program(), timezone.now(), tell=expiry_reminders))


# Inside `quiet()` nothing is queued.
_quiet = ContextVar("loyalty_notifications_quiet", default=False)


@contextmanager
def quiet():
    """Tell nobody about what happens inside: a past being replayed (the demo's year of
    history) must not e-mail members about it now."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _enqueue(template: str, member_id: int, coupon_id: Optional[int] = None,
             campaign_id: Optional[int] = None):
    if _quiet.get():
        return

    def send():
        try:
            send_member_email_task.delay(template, member_id, coupon_id, campaign_id=campaign_id)
        except Exception:  # noqa: BLE001 - a broker that is down must not fail the request
            logger.exception("Could not queue the %s e-mail of member %s", template, member_id)

    transaction.on_commit(send)


def member_joined(member: Member, coupon: Optional[Coupon]):
    _enqueue("welcome", member.pk, coupon.pk if coupon else None)


def coupon_issued(coupon: Coupon):
    # The welcome and campaign e-mails and the journey messages carry their coupons.
    if coupon.kind not in (CouponKind.WELCOME, CouponKind.CAMPAIGN, CouponKind.JOURNEY):
        _enqueue("coupon_issued", coupon.member_id, coupon.pk)


def campaign_sent(member_id: int, campaign_id: int, coupon_id: Optional[int]):
    _enqueue("campaign", member_id, coupon_id, campaign_id)


def _enqueue_chunks(task, ids: Iterable[int]):
    """After the commit, a task per chunk of `ids` (coupons, tier changes, reminders)."""
    ids = list(ids)

    def send():
        for start in range(0, len(ids), BULK_CHUNK):
            try:
                task.delay(ids[start:start + BULK_CHUNK])
            except Exception:  # noqa: BLE001 - the broker being down must not fail the job
                logger.exception("Could not queue %s", task.name)

    if ids and not _quiet.get():
        transaction.on_commit(send)


def tier_changes(change_ids: Iterable[int]):
    _enqueue_chunks(send_tier_change_emails_task, change_ids)


def coupons_issued(coupon_ids: Iterable[int]):
    """The e-mails of coupons issued in bulk (calendar jobs)."""
    _enqueue_chunks(send_coupon_emails_task, coupon_ids)


def expiry_reminders(reminder_ids: Iterable[int]):
    _enqueue_chunks(send_expiry_reminder_emails_task, reminder_ids)


def deliveries_created(delivery_ids: Iterable[int]):
    """Send these new deliveries (journey messages), after the commit."""
    _enqueue_chunks(queue_deliveries_task, delivery_ids)
