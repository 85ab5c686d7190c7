"""Points held through an order's return window: pending rows (earnings and their
reductions), voided on cancellation, released when the window ends.

Like every ledger write, under the member's lock (`ledger.lock_member`) and one key per row.
"""
from datetime import datetime
from typing import Callable, List, Optional, Tuple

from django.db import connection
from django.db.models import F, Sum

from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import PointsTransaction, TransactionKind, TransactionStatus

PENDING = TransactionStatus.PENDING


# The pending row and the member's cached pending points in one statement; nothing when
# the key is written already.
_ADD_PENDING_SQL = """
WITH row AS (
    INSERT INTO {txn} (member_id, key, kind, status, points, debt, order_key, reason, created_at)
    VALUES (%(member)s, %(key)s, %(kind)s, %(status)s, %(points)s, 0, %(order_key)s,
            %(reason)s, %(now)s)
    ON CONFLICT (key) DO NOTHING
    RETURNING id
),
counted AS (
    UPDATE {member} SET pending_points = pending_points + %(points)s
    WHERE id = %(member)s AND EXISTS (SELECT 1 FROM row)
)
SELECT id FROM row
"""


def add_pending(member: Member, *, key: str, kind: str, points: int, now: datetime,
                order_key: str, reason: str = "") -> Optional[PointsTransaction]:
    """Points (or, negative, their reduction) held until the order's window ends; None
    when `key` was already written."""
    fields = dict(key=key, kind=kind, status=PENDING, points=points, debt=0,
                  order_key=order_key, reason=reason, created_at=now)
    with connection.cursor() as cursor:
        cursor.execute(
            _ADD_PENDING_SQL.format(txn=PointsTransaction._meta.db_table, member=Member._meta.db_table),
            {**fields, "member": member.pk, "now": now},
        )
        written = cursor.fetchone()
    if written is None:
        return None
    member.pending_points += points
    row = PointsTransaction(pk=written[0], member=member, **fields)
    row._state.adding = False
    return row


def _order_rows(member: Member, order_key: str):
    return PointsTransaction.objects.filter(member=member, order_key=order_key).exclude(
        status=TransactionStatus.VOID
    ).filter(kind__in=(TransactionKind.EARN, TransactionKind.REVERSAL))


def points_still_credited(member: Member, order_key: str) -> int:
    """Points of an order not yet reversed (a clawback's unpaid debt counts as reversed)."""
    total = _order_rows(member, order_key).aggregate(
        net=Sum(F("points") - F("debt"))
    )["net"]
    return total or 0


def void_pending(member: Member, order_key: str) -> int:
    """Void every pending row of an order; returns the pending points removed."""
    rows = PointsTransaction.objects.filter(member=member, order_key=order_key, status=PENDING)
    removed = rows.aggregate(total=Sum("points"))["total"] or 0
    if rows.update(status=TransactionStatus.VOID):
        ledger.change_member(member, pending=-removed)
    return removed


def schedule_release(member: Member, order_key: str, window_ends_at: Optional[datetime]):
    """Set (or with None, clear) when an order's pending earning becomes available."""
    earning = PointsTransaction.objects.filter(
        member=member, order_key=order_key, status=PENDING, kind=TransactionKind.EARN
    )
    if window_ends_at is None:
        earning.exclude(window_ends_at=None).update(window_ends_at=None)
    else:
        earning.filter(window_ends_at=None).update(window_ends_at=window_ends_at)


_RELEASE_SQL = """
WITH due AS (
    SELECT p.member_id, p.order_key, SUM(p.points) AS net
    FROM {txn} p
    WHERE p.status = 'pending' AND p.member_id = ANY(%(members)s)
      AND (p.member_id, p.order_key) IN (
          SELECT e.member_id, e.order_key FROM {txn} e
          WHERE e.status = 'pending' AND e.kind = 'earn' AND e.window_ends_at <= %(now)s
            AND e.member_id = ANY(%(members)s) {order_filter}
      )
    GROUP BY p.member_id, p.order_key
),
released AS (
    UPDATE {txn} t
    SET status = 'available', available_at = %(now)s,
        expires_at = CASE WHEN t.kind = 'earn' THEN %(expires_at)s::timestamptz END,
        remaining = CASE WHEN t.kind = 'earn' THEN GREATEST(due.net, 0) END
    FROM due
    WHERE t.member_id = due.member_id AND t.order_key = due.order_key AND t.status = 'pending'
    RETURNING t.member_id, t.points
)
UPDATE {member} m
SET points_balance = m.points_balance + r.net,
    pending_points = m.pending_points - r.net,
    lifetime_points = m.lifetime_points + r.net
FROM (SELECT member_id, SUM(points) AS net FROM released GROUP BY member_id) r
WHERE m.id = r.member_id
"""


def _release_for(member_ids: List[int], now: datetime, lifetime_days: Optional[int],
                 order_key: Optional[str] = None):
    sql = _RELEASE_SQL.format(
        txn=PointsTransaction._meta.db_table,
        member=Member._meta.db_table,
        order_filter="AND e.order_key = %(order_key)s" if order_key else "",
    )
    params = {
        "members": member_ids,
        "now": now,
        "expires_at": ledger.expiry_after(now, lifetime_days),
        "order_key": order_key,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    for member in Member.objects.filter(pk__in=member_ids, points_debt__gt=0):
        lots = PointsTransaction.objects.filter(
            member=member, kind=TransactionKind.EARN, status=ledger.AVAILABLE,
            available_at=now, remaining__gt=0,
        ).order_by("id")
        ledger.settle_debt(member, list(lots), now)


def release_order(member: Member, order_key: str, now: datetime, lifetime_days: Optional[int]):
    """Make an order's pending points available now (its window has ended)."""
    _release_for([member.pk], now, lifetime_days, order_key=order_key)
    member.refresh_from_db(fields=["points_balance", "pending_points", "lifetime_points", "points_debt"])


def due_for_release(now: datetime):
    """The pending earnings whose return window has ended."""
    return PointsTransaction.objects.filter(
        status=PENDING, kind=TransactionKind.EARN, window_ends_at__lte=now
    )


def release_due(now: datetime, lifetime_days: Optional[int], batch_size: int = 20000,
                after_batch: Callable[[List[int]], None] = lambda member_ids: None,
                members: Optional[Tuple[int, int]] = None) -> int:
    """Make every pending earning whose return window has ended available (of the members
    with ids in the range `members` only, for one chunk of a parallel run).

    Set-based, in batches of members; each batch locks its members (in id order)
    before touching their rows, so it is safe beside hooks and a second worker.
    `after_batch(member_ids)` runs in each batch's transaction (tier upgrades).
    Returns the number of members whose points were released.
    """

    def release(member_ids):
        _release_for(member_ids, now, lifetime_days)
        after_batch(member_ids)

    due = due_for_release(now)
    if members is not None:
        due = due.filter(member_id__gte=members[0], member_id__lte=members[1])
    return ledger.in_member_batches(due, batch_size, release)
