"""The points ledger: every balance change is one row written under one idempotency key.

Writes lock the member row first (`select_for_update`), so two sessions writing for
the same member take turns, and a key that is already written makes the write a
no-op. The member row caches balances, updated in the same transaction.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, List, Optional

from django.db import connection, transaction
from django.db.models import F, Min, Q, Sum
from django.db.models.functions import TruncDate

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import (
    LIFETIME_KINDS,
    PointsTransaction,
    TransactionKind,
    TransactionStatus,
)
from saleor_loyalty.tiers.models import Tier

AVAILABLE = TransactionStatus.AVAILABLE
PENDING = TransactionStatus.PENDING
VOID = TransactionStatus.VOID
MAX_POINTS = 10 ** 9


@dataclass(frozen=True)
class Consumed:
    """Points taken from one lot by a debit (to give them back with their expiry)."""

    lot_id: int
    points: int
    expires_at: Optional[datetime]


def lock_member(member_id: int) -> Member:
    """The member, locked, with their tier. When another transaction changed the member's
    tier while this one waited for the lock, PostgreSQL re-reads the member row but not
    the tier it joined (the join then reads as no tier): the tier is read again then."""
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("tier")
        .get(pk=member_id)
    )
    if member.tier_id is not None and (member.tier is None or member.tier.pk != member.tier_id):
        member.tier = Tier.objects.get(pk=member.tier_id)
    return member


def is_written(key: str) -> bool:
    return PointsTransaction.objects.filter(key=key).exists()


def expiry_after(available_at: datetime, lifetime_days: Optional[int]) -> Optional[datetime]:
    if lifetime_days is None:
        return None
    return available_at + timedelta(days=lifetime_days)


def _counts_for_lifetime(kind: str) -> bool:
    return kind in LIFETIME_KINDS


def _change_member(member: Member, balance=0, pending=0, lifetime=0, debt=0):
    Member.objects.filter(pk=member.pk).update(
        points_balance=F("points_balance") + balance,
        pending_points=F("pending_points") + pending,
        lifetime_points=F("lifetime_points") + lifetime,
        points_debt=F("points_debt") + debt,
    )
    member.points_balance += balance
    member.pending_points += pending
    member.lifetime_points += lifetime
    member.points_debt += debt


def credit(member: Member, *, key: str, kind: str, points: int, now: datetime,
           lifetime_days: Optional[int], order_key: str = "", reason: str = "",
           created_by=None, expires_at: Optional[datetime] = None
           ) -> Optional[PointsTransaction]:
    """Add spendable points as a new lot; settles recorded debt first.

    `member` must be locked by the caller's transaction. Returns None when `key`
    was already written.
    """
    if is_written(key):
        return None
    lot = PointsTransaction.objects.create(
        member=member, key=key, kind=kind, status=AVAILABLE, points=points,
        remaining=points, order_key=order_key, reason=reason, created_at=now,
        available_at=now, created_by=created_by,
        expires_at=expires_at or expiry_after(now, lifetime_days),
    )
    _change_member(member, balance=points, lifetime=points if _counts_for_lifetime(kind) else 0)
    settle_debt(member, [lot], now)
    return lot


def settle_debt(member: Member, lots: Iterable[PointsTransaction], now: datetime):
    """Take recorded clawback debt out of newly available lots."""
    for lot in lots:
        if member.points_debt <= 0:
            return
        settled = min(member.points_debt, lot.remaining or 0)
        if settled <= 0:
            continue
        PointsTransaction.objects.filter(pk=lot.pk).update(remaining=F("remaining") - settled)
        lot.remaining -= settled
        PointsTransaction.objects.create(
            member=member, key=f"settle:{lot.key}", kind=TransactionKind.REVERSAL,
            status=AVAILABLE, points=-settled, debt=-settled, order_key=lot.order_key,
            reason="Settles points owed from an earlier reversal", created_at=now,
            available_at=now,
        )
        _change_member(member, balance=-settled, lifetime=-settled, debt=-settled)


def consume_oldest(member: Member, points: int) -> List[Consumed]:
    """Take `points` from the member's lots, soonest-expiring first."""
    consumed = []
    lots = (
        PointsTransaction.objects.select_for_update()
        .filter(member=member, status=AVAILABLE, remaining__gt=0)
        .order_by(F("expires_at").asc(nulls_last=True), "available_at", "id")
        .only("id", "remaining", "expires_at")
    )
    left = points
    for lot in lots.iterator():
        if left == 0:
            break
        taken = min(left, lot.remaining)
        PointsTransaction.objects.filter(pk=lot.pk).update(remaining=F("remaining") - taken)
        consumed.append(Consumed(lot_id=lot.pk, points=taken, expires_at=lot.expires_at))
        left -= taken
    if left:
        raise AssertionError(f"Lots of member {member.pk} do not cover its balance")
    return consumed


def debit(member: Member, *, key: str, kind: str, points: int, now: datetime,
          order_key: str = "", reason: str = "", created_by=None,
          allow_shortfall: bool = False):
    """Spend or take back `points`, oldest lots first.

    Without `allow_shortfall` a debit larger than the balance is refused with
    INSUFFICIENT_POINTS. With it (clawbacks) the balance goes to zero and the rest
    is recorded as debt. Returns (row, consumed lots), or (None, []) when `key`
    was already written. `member` must be locked by the caller.
    """
    if is_written(key):
        return None, []
    if points > member.points_balance and not allow_shortfall:
        raise loyalty_error(
            LoyaltyErrorCode.INSUFFICIENT_POINTS,
            f"Only {member.points_balance} points are available.",
            "points",
        )
    taken = min(points, member.points_balance)
    shortfall = points - taken
    consumed = consume_oldest(member, taken)
    row = PointsTransaction.objects.create(
        member=member, key=key, kind=kind, status=AVAILABLE, points=-taken,
        debt=shortfall, order_key=order_key, reason=reason, created_at=now,
        available_at=now, created_by=created_by,
    )
    _change_member(
        member,
        balance=-taken,
        lifetime=-taken if _counts_for_lifetime(kind) else 0,
        debt=shortfall,
    )
    return row, consumed


def add_pending(member: Member, *, key: str, kind: str, points: int, now: datetime,
                order_key: str, reason: str = "") -> Optional[PointsTransaction]:
    """Points (or, negative, their reduction) held until the order's window ends."""
    if is_written(key):
        return None
    row = PointsTransaction.objects.create(
        member=member, key=key, kind=kind, status=PENDING, points=points,
        order_key=order_key, reason=reason, created_at=now,
    )
    _change_member(member, pending=points)
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
    if rows.update(status=VOID):
        _change_member(member, pending=-removed)
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
        "expires_at": expiry_after(now, lifetime_days),
        "order_key": order_key,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    for member in Member.objects.filter(pk__in=member_ids, points_debt__gt=0):
        lots = PointsTransaction.objects.filter(
            member=member, kind=TransactionKind.EARN, status=AVAILABLE,
            available_at=now, remaining__gt=0,
        ).order_by("id")
        settle_debt(member, list(lots), now)


def release_order(member: Member, order_key: str, now: datetime, lifetime_days: Optional[int]):
    """Make an order's pending points available now (its window has ended)."""
    _release_for([member.pk], now, lifetime_days, order_key=order_key)
    member.refresh_from_db(fields=["points_balance", "pending_points", "lifetime_points", "points_debt"])


def release_due(now: datetime, lifetime_days: Optional[int], batch_size: int = 20000,
                after_batch: Callable[[List[int]], None] = lambda member_ids: None) -> int:
    """Make every pending earning whose return window has ended available.

    Set-based, in batches of members; each batch locks its members (in id order)
    before touching their rows, so it is safe beside hooks and a second worker.
    `after_batch(member_ids)` runs in each batch's transaction (tier upgrades).
    Returns the number of members whose points were released.
    """

    def release(member_ids):
        _release_for(member_ids, now, lifetime_days)
        after_batch(member_ids)

    due = PointsTransaction.objects.filter(
        status=PENDING, kind=TransactionKind.EARN, window_ends_at__lte=now
    )
    return _in_member_batches(due, batch_size, release)


def _in_member_batches(due_rows, batch_size: int, work: Callable[[List[int]], None]) -> int:
    """Run `work` on the members owning `due_rows`, a batch per transaction.

    Each batch locks its members in id order first, so hooks writing for one of them
    and a second worker running the same job wait instead of conflicting. `work` must
    make the batch's rows no longer due. Returns the number of members processed.
    """
    processed = 0
    while True:
        with transaction.atomic():
            member_ids = list(
                due_rows.order_by("member_id").values_list("member_id", flat=True).distinct()[
                    :batch_size
                ]
            )
            if not member_ids:
                return processed
            locked = list(
                Member.objects.select_for_update()
                .filter(pk__in=member_ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            work(locked)
            processed += len(locked)


def expiring_soon(member: Member, now: datetime, within_days: int = 30):
    """[(points, expires_at)] of the member's lots expiring in the next days, by day."""
    rows = (
        PointsTransaction.objects.filter(
            member=member, status=AVAILABLE, remaining__gt=0,
            expires_at__gt=now, expires_at__lte=now + timedelta(days=within_days),
        )
        .annotate(day=TruncDate("expires_at"))
        .values("day")
        .annotate(points=Sum("remaining"), expires_at=Min("expires_at"))
        .order_by("day")
    )
    return [(row["points"], row["expires_at"]) for row in rows]


_EXPIRE_SQL = """
WITH due AS (
    SELECT id, member_id, remaining FROM {txn}
    WHERE remaining > 0 AND status = 'available' AND expires_at <= %(now)s
      AND member_id = ANY(%(members)s)
),
expired AS (
    INSERT INTO {txn} (member_id, key, kind, status, points, debt, order_key, reason,
                       created_at, available_at, lot_id)
    SELECT member_id, 'expire:' || id, 'expiry', 'available', -remaining, 0, '',
           'Points expired', %(now)s, %(now)s, id
    FROM due
    ON CONFLICT (key) DO NOTHING
    RETURNING member_id, points, lot_id
),
emptied AS (
    UPDATE {txn} t SET remaining = 0 FROM expired WHERE t.id = expired.lot_id
)
UPDATE {member} m SET points_balance = m.points_balance + x.points
FROM (SELECT member_id, SUM(points) AS points FROM expired GROUP BY member_id) x
WHERE m.id = x.member_id
"""


def expire_due(now: datetime, batch_size: int = 20000) -> int:
    """Expire what is left of every lot past its expiry date, one EXPIRY row per lot.

    Set-based, in batches of members. Returns the number of members who lost points.
    """
    sql = _EXPIRE_SQL.format(
        txn=PointsTransaction._meta.db_table, member=Member._meta.db_table
    )

    def expire(member_ids):
        with connection.cursor() as cursor:
            cursor.execute(sql, {"members": member_ids, "now": now})

    due = PointsTransaction.objects.filter(
        Q(remaining__gt=0), status=AVAILABLE, expires_at__lte=now
    )
    return _in_member_batches(due, batch_size, expire)
