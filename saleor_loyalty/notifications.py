"""Member e-mails: welcome and coupon issued, sent after the transaction commits.

Only members who kept `email_notifications` on get them (Saleor 2.10 accounts have no
consent field of their own). Sending happens in a Celery task, so a mail server that
is down never fails a mutation or a hook.
"""
import logging
from typing import Iterable, Optional

from django.db import transaction

from .host.emails import send_email
from .models import Campaign, Coupon, CouponKind, ExpiryReminder, Member, TierChange
from .program import load_program

logger = logging.getLogger(__name__)
BULK_CHUNK = 500
REASONS = {
    CouponKind.WELCOME: "Your welcome gift",
    CouponKind.BIRTHDAY: "Happy birthday",
    CouponKind.REPURCHASE: "Thank you for your order",
    CouponKind.WINBACK: "We miss you",
    CouponKind.MEMBER_DAY: "It is member day",
    CouponKind.POINTS_REDEMPTION: "Your points, turned into a code",
    CouponKind.REWARD: "Your points-mall reward",
    CouponKind.CAMPAIGN: "A gift for you",
}


def _enqueue(template: str, member_id: int, coupon_id: Optional[int] = None,
             campaign_id: Optional[int] = None):
    from .tasks import send_member_email_task

    def send():
        try:
            send_member_email_task.delay(template, member_id, coupon_id, campaign_id=campaign_id)
        except Exception:  # noqa: BLE001 - a broker that is down must not fail the request
            logger.exception("Could not queue the %s e-mail of member %s", template, member_id)

    transaction.on_commit(send)


def member_joined(member: Member, coupon: Optional[Coupon]):
    _enqueue("welcome", member.pk, coupon.pk if coupon else None)


def coupon_issued(coupon: Coupon):
    # The welcome and campaign e-mails carry their coupons.
    if coupon.kind not in (CouponKind.WELCOME, CouponKind.CAMPAIGN):
        _enqueue("coupon_issued", coupon.member_id, coupon.pk)


def campaign_sent(member_id: int, campaign_id: int, coupon_id: Optional[int]):
    _enqueue("campaign", member_id, coupon_id, campaign_id)


def _enqueue_chunks(task_name: str, ids: Iterable[int]):
    """After the commit, a task per chunk of `ids` (coupons, tier changes, reminders)."""
    from . import tasks

    ids = list(ids)

    def send():
        for start in range(0, len(ids), BULK_CHUNK):
            try:
                getattr(tasks, task_name).delay(ids[start:start + BULK_CHUNK])
            except Exception:  # noqa: BLE001 - the broker being down must not fail the job
                logger.exception("Could not queue %s", task_name)

    if ids:
        transaction.on_commit(send)


def tier_changes(change_ids: Iterable[int]):
    _enqueue_chunks("send_tier_change_emails_task", change_ids)


def coupons_issued(coupon_ids: Iterable[int]):
    """The e-mails of coupons issued in bulk (calendar jobs)."""
    _enqueue_chunks("send_coupon_emails_task", coupon_ids)


def expiry_reminders(reminder_ids: Iterable[int]):
    _enqueue_chunks("send_expiry_reminder_emails_task", reminder_ids)


def _tier_change_context(change_id: int) -> Optional[dict]:
    change = TierChange.objects.select_related("from_tier", "to_tier").filter(pk=change_id).first()
    if change is None or change.to_tier is None:
        return None
    return {
        "from_tier": change.from_tier.name if change.from_tier else None,
        "to_tier": change.to_tier.name,
        "upgrade": change.from_tier is None or change.to_tier.rank > change.from_tier.rank,
        "reason": change.get_reason_display(),
        "benefits": change.to_tier.benefits,
    }


def _reminder_context(reminder_id: int) -> Optional[dict]:
    reminder = ExpiryReminder.objects.filter(pk=reminder_id).first()
    if reminder is None:
        return None
    return {"points": reminder.points, "expires_on": reminder.expires_on}


def _coupon_context(coupon: Coupon, currency: str) -> dict:
    voucher = coupon.voucher
    if voucher.discount_value_type == "percentage":
        value = f"{voucher.discount_value.normalize():f}%"
    else:
        value = f"{voucher.discount_value:.2f} {currency}"
    return {
        "code": voucher.code,
        "value": value,
        "valid_until": coupon.valid_until,
        "minimum_spend": (
            f"{voucher.min_spent_amount:.2f} {currency}" if voucher.min_spent_amount else None
        ),
        "reason": REASONS.get(coupon.kind, "A gift"),
    }


def send_member_email(template: str, member_id: int, coupon_id: Optional[int] = None,
                      campaign_id: Optional[int] = None, tier_change_id: Optional[int] = None,
                      reminder_id: Optional[int] = None) -> bool:
    """Send one member e-mail now; False when the member does not want e-mails."""
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None or not member.email_notifications or not member.user.email:
        return False
    program = load_program()
    context = {"program_name": program.name, "first_name": member.user.first_name}
    if coupon_id is not None:
        coupon = Coupon.objects.select_related("voucher").filter(pk=coupon_id).first()
        if coupon is not None and coupon.voucher is not None:
            context["coupon"] = _coupon_context(coupon, program.currency)
    if campaign_id is not None:
        context["campaign"] = (
            Campaign.objects.filter(pk=campaign_id).values("name", "message", "bonus_points").first()
        )
    if tier_change_id is not None:
        context["tier_change"] = _tier_change_context(tier_change_id)
        if context["tier_change"] is None:
            return False
    if reminder_id is not None:
        context["expiring"] = _reminder_context(reminder_id)
        if context["expiring"] is None:
            return False
    send_email(template, member.user.email, context)
    return True
