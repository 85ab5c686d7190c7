"""Celery tasks: thin wrappers over domain functions."""
from celery import shared_task
from django.utils import timezone

from . import (
    backfill,
    campaigns,
    coupons,
    handlers,
    ledger,
    member_notices,
    notifications,
    occasions,
    paid_orders,
    qualification,
    referrals,
    segments,
)
from .models import Coupon, ExpiryReminder, Member, TierChange
from .program import load_program


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def sync_order_task(order_key: str):
    handlers.sync_order_by_key(order_key)


@shared_task
def release_due_points_task():
    program = load_program()
    if program.active:
        now = timezone.now()
        def after_batch(member_ids):
            qualification.apply_upgrades(member_ids, program, now)
            referrals.reward_referrers(member_ids, program, now)

        ledger.release_due(now, program.points_lifetime_days, after_batch=after_batch)


@shared_task
def review_tiers_task():
    program = load_program()
    if program.active:
        qualification.review_tiers(program, timezone.now())


@shared_task
def compute_segments_task():
    program = load_program()
    if program.active:
        segments.compute_segments(program, timezone.now())


@shared_task
def reconcile_paid_orders_task():
    # Also while the program is switched off: its hooks do not run then.
    paid_orders.reconcile()


@shared_task
def expire_points_task():
    if load_program().active:
        ledger.expire_due(timezone.now())


@shared_task
def backfill_member_task(member_id: int):
    member = Member.objects.filter(pk=member_id).first()
    program = load_program()
    if member is not None and program.active:
        backfill.backfill_member(member, program)


def issue_occasion_coupons(job: str):
    """Run one calendar coupon job (birthday, winback, member_day) and queue the
    e-mails of what it issued; returns the number of coupons issued."""
    issued = occasions.JOBS[job](load_program(), timezone.now())
    notifications.coupons_issued(issued)
    return len(issued)


@shared_task
def issue_birthday_coupons_task():
    return issue_occasion_coupons("birthday")


@shared_task
def issue_winback_coupons_task():
    return issue_occasion_coupons("winback")


@shared_task
def issue_member_day_coupons_task():
    return issue_occasion_coupons("member_day")


@shared_task
def return_expired_coupon_points_task():
    if load_program().active:
        return coupons.return_expired_points(timezone.now())
    return 0


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_member_email_task(template: str, member_id: int, coupon_id: int = None,
                           campaign_id: int = None, tier_change_id: int = None,
                           reminder_id: int = None):
    notifications.send_member_email(template, member_id, coupon_id, campaign_id,
                                    tier_change_id, reminder_id)


@shared_task
def send_coupon_emails_task(coupon_ids):
    for coupon_id, member_id in Coupon.objects.filter(pk__in=coupon_ids).values_list("pk", "member_id"):
        send_member_email_task.delay("coupon_issued", member_id, coupon_id)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def run_campaign_task(campaign_id: int):
    """Give a campaign's gifts; a retry (or a second run) skips what was given."""
    campaigns.run_campaign(campaign_id, load_program(), timezone.now())


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
    return len(member_notices.notify_tier_changes(timezone.now()))


@shared_task
def remind_expiring_points_task():
    return len(member_notices.remind_expiring_points(load_program(), timezone.now()))
