"""Tier-change and expiring-points e-mails: each told once, to members who want them."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.notifications import notices as member_notices
from saleor_loyalty.notifications import tasks as notification_tasks
from saleor_loyalty.notifications.models import ExpiryReminder
from saleor_loyalty.tiers.models import Tier, TierChange, TierChangeReason
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import configure_program, credit_points, make_member


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mail.outbox


def _joined(user):
    """A member, their welcome e-mail sent and out of the way."""
    member = make_member(user)
    run_on_commit_callbacks()
    mail.outbox.clear()
    return member


def _send_queued():
    run_on_commit_callbacks()  # chunk tasks (eager) queue one e-mail task each ...
    run_on_commit_callbacks()  # ... which send


def test_a_tier_upgrade_is_told_once(customer_user, entry_tier, gold_tier, outbox):
    member = _joined(customer_user)
    TierChange.objects.create(member=member, from_tier=entry_tier, to_tier=gold_tier,
                              reason=TierChangeReason.UPGRADE)
    Tier.objects.filter(pk=gold_tier.pk).update(benefits=["Free shipping"])

    first = member_notices.notify_tier_changes(timezone.now(), tell=notification_tasks.tier_changes)
    _send_queued()
    second = member_notices.notify_tier_changes(timezone.now(), tell=notification_tasks.tier_changes)

    assert len(first) == 1 and second == []
    (message,) = outbox
    assert message.to == [customer_user.email]
    assert message.subject == "Welcome to Gold at Rewards Club"
    assert "you are now a Gold member (you were Member)" in message.body
    assert "Free shipping" in message.body


def test_joining_is_not_told_again_and_downgrades_are(customer_user, entry_tier, gold_tier, outbox):
    member = _joined(customer_user)  # a JOINED change: the welcome e-mail told it
    TierChange.objects.create(member=member, from_tier=gold_tier, to_tier=entry_tier,
                              reason=TierChangeReason.DOWNGRADE)

    member_notices.notify_tier_changes(timezone.now(), tell=notification_tasks.tier_changes)
    _send_queued()

    assert [m.subject for m in outbox] == ["You are now Member at Rewards Club"]
    assert not TierChange.objects.filter(notified_at__isnull=True).exists()


def test_members_who_turned_emails_off_are_not_told(customer_user, entry_tier, gold_tier, outbox):
    member = _joined(customer_user)
    member.email_notifications = False
    member.save(update_fields=["email_notifications"])
    TierChange.objects.create(member=member, from_tier=entry_tier, to_tier=gold_tier,
                              reason=TierChangeReason.UPGRADE)

    member_notices.notify_tier_changes(timezone.now(), tell=notification_tasks.tier_changes)
    _send_queued()

    assert outbox == []


def test_points_expiring_within_the_reminder_days_are_reminded_once_per_day(
    customer_user, entry_tier, outbox
):
    configure_program(expiryReminderDays="14", pointsLifetimeDays="365")
    member = _joined(customer_user)
    now = timezone.now()
    soon = now + timedelta(days=10)
    credit_points(member, 120, "lot-a", now=soon - timedelta(days=365), lifetime_days=365)
    credit_points(member, 30, "lot-b", now=soon - timedelta(days=365), lifetime_days=365)
    credit_points(member, 500, "lot-late", now=now - timedelta(days=300), lifetime_days=365)

    first = member_notices.remind_expiring_points(load_program(), now, tell=notification_tasks.expiry_reminders)
    _send_queued()
    again = member_notices.remind_expiring_points(load_program(), now + timedelta(hours=6),
                                                   tell=notification_tasks.expiry_reminders)

    assert len(first) == 1 and again == []
    reminder = ExpiryReminder.objects.get()
    assert (reminder.points, reminder.expires_on) == (150, timezone.localdate(soon))
    (message,) = outbox
    assert message.subject.startswith("150 points expire on")


def test_no_reminders_when_they_are_switched_off(customer_user, entry_tier, outbox):
    configure_program(expiryReminderDays="")
    member = _joined(customer_user)
    now = timezone.now()
    credit_points(member, 100, "lot", now=now - timedelta(days=360), lifetime_days=365)

    assert member_notices.remind_expiring_points(load_program(), now, tell=notification_tasks.expiry_reminders) == []


def test_the_command_queues_both_kinds(customer_user, entry_tier, gold_tier, capsys):
    member = _joined(customer_user)
    TierChange.objects.create(member=member, from_tier=entry_tier, to_tier=gold_tier,
                              reason=TierChangeReason.UPGRADE)

    call_command("loyalty_member_notices")

    assert "Tier change e-mails: 1; expiry reminders: 0." in capsys.readouterr().out
