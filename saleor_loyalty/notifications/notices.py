"""Who to tell what: tier changes and points about to expire (set-based, idempotent).

Each job claims what it tells in one statement (tier changes not yet told; one
reminder per member and expiry day, under a unique constraint), so running it twice,
or on two workers, tells each member once. `tell` queues the e-mails of
what was claimed, after the claim is committed (`notifications.tasks` passes its own).
"""
from datetime import datetime, timedelta
from typing import Callable, List

from django.db import connection, transaction
from django.utils import timezone

from saleor_loyalty.core.program import Program
from saleor_loyalty.notifications.models import ExpiryReminder
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.tiers.models import TierChange, TierChangeReason

# Joining is told by the welcome e-mail.
_TIER_CHANGES_SQL = """
UPDATE {change} SET notified_at = %(now)s
WHERE id IN (SELECT id FROM {change} WHERE notified_at IS NULL ORDER BY id
             LIMIT %(limit)s FOR UPDATE SKIP LOCKED)
RETURNING id, reason
"""

_REMINDERS_SQL = """
INSERT INTO {reminder} (member_id, expires_on, points, created_at)
SELECT member_id, (expires_at AT TIME ZONE %(tz)s)::date, SUM(remaining), %(now)s
FROM {txn}
WHERE remaining > 0 AND status = 'available'
  AND expires_at > %(now)s AND expires_at <= %(until)s
GROUP BY member_id, (expires_at AT TIME ZONE %(tz)s)::date
ON CONFLICT (member_id, expires_on) DO NOTHING
RETURNING id
"""


def notify_tier_changes(now: datetime, tell: Callable[[List[int]], None],
                        batch_size: int = 5000) -> List[int]:
    """Claim the tier changes nobody was told of yet; queue their e-mails. Returns
    the ids of the changes told (joining is not: the welcome e-mail tells it)."""
    told = []
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                _TIER_CHANGES_SQL.format(change=TierChange._meta.db_table),
                {"now": now, "limit": batch_size},
            )
            rows = cursor.fetchall()
            ids = [pk for pk, reason in rows if reason != TierChangeReason.JOINED]
            tell(ids)
        told += ids
        if len(rows) < batch_size:
            return told


def settle_tier_changes(until: datetime) -> int:
    """Count the tier changes made up to `until` as told, telling nobody: a past replayed
    (the demo's year) whose members are not to hear of it now. Returns how many."""
    return TierChange.objects.filter(notified_at__isnull=True, created_at__lte=until).update(
        notified_at=until)


def remind_expiring_points(program: Program, now: datetime,
                           tell: Callable[[List[int]], None]) -> List[int]:
    """One reminder per member and day on which some of their points expire within
    `expiryReminderDays`; queue their e-mails. Returns the new reminders' ids."""
    if not program.active or not program.expiry_reminder_days:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            _REMINDERS_SQL.format(
                reminder=ExpiryReminder._meta.db_table, txn=PointsTransaction._meta.db_table
            ),
            {"now": now, "until": now + timedelta(days=program.expiry_reminder_days),
             "tz": timezone.get_current_timezone_name()},
        )
        ids = [row[0] for row in cursor.fetchall()]
        tell(ids)
    return ids
