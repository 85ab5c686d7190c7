"""The points ledger: every balance change is one row written under one idempotency key.

Writes lock the member row first (`select_for_update`), so two sessions writing for
the same member take turns, and a key that is already written makes the write a
no-op. The member row caches balances, updated in the same transaction.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, List, Optional, Tuple

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
MAX_POINTS = 10 ** 9


@dataclass(frozen=True)
class Consumed:
    """Points taken from one lot by a debit (to give them back with their expiry)."""

    lot_id: int
    points: int
    expires_at: Optional[datetime]


def _locked(members) -> Optional[Member]:
    """The member of `members`, locked, with their tier. When another transaction changed
    the member's tier while this one waited for the lock, PostgreSQL re-reads the member
    row but not the tier it joined (the join then reads as no tier): the tier is read
    again then."""
    member = members.select_for_update(of=("self",)).select_related("tier").first()
    if member is not None and member.tier_id is not None and (
        member.tier is None or member.tier.pk != member.tier_id
    ):
        member.tier = Tier.objects.get(pk=member.tier_id)
    return member


def lock_member(member_id: int) -> Member:
    member = _locked(Member.objects.filter(pk=member_id))
    if member is None:
        raise Member.DoesNotExist(f"No member {member_id}")
    return member


def lock_member_of_user(user_id: int) -> Optional[Member]:
    """The customer's membership, locked (one query), or None."""
    return _locked(Member.objects.filter(user_id=user_id))


def is_written(key: str) -> bool:
    return PointsTransaction.objects.filter(key=key).exists()


def expiry_after(available_at: datetime, lifetime_days: Optional[int]) -> Optional[datetime]:
    if lifetime_days is None:
        return None
    return available_at + timedelta(days=lifetime_days)


def _counts_for_lifetime(kind: str) -> bool:
    return kind in LIFETIME_KINDS


def change_member(member: Member, balance=0, pending=0, lifetime=0, debt=0):
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
    change_member(member, balance=points, lifetime=points if _counts_for_lifetime(kind) else 0)
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
        change_member(member, balance=-settled, lifetime=-settled, debt=-settled)


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
    change_member(
        member,
        balance=-taken,
        lifetime=-taken if _counts_for_lifetime(kind) else 0,
        debt=shortfall,
    )
    return row, consumed


def in_member_batches(due_rows, batch_size: int, work: Callable[[List[int]], None]) -> int:
    """Run `work` on the members owning `due_rows`, a batch per transaction.

    Each batch locks its members in id order first, so hooks writing for one of them
    and a second worker running the same job wait instead of conflicting. `work` must
    make the batch's rows no longer due. Returns the number of members processed.
    """
    processed, after = 0, None
    while True:
        with transaction.atomic():
            # Past the members done: rows of theirs that fell due meanwhile wait for the
            # next run, and no batch walks again over members with nothing due.
            rows = due_rows if after is None else due_rows.filter(member_id__gt=after)
            member_ids = list(
                rows.order_by("member_id").values_list("member_id", flat=True).distinct()[
                    :batch_size
                ]
            )
            if not member_ids:
                return processed
            after = member_ids[-1]
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


def due_for_expiry(now: datetime):
    """The lots with points left past their expiry date."""
    return PointsTransaction.objects.filter(Q(remaining__gt=0), status=AVAILABLE, expires_at__lte=now)


def expire_due(now: datetime, batch_size: int = 20000,
               members: Optional[Tuple[int, int]] = None) -> int:
    """Expire what is left of every lot past its expiry date, one EXPIRY row per lot (of
    the members with ids in the range `members` only, for one chunk of a parallel run).

    Set-based, in batches of members. Returns the number of members who lost points.
    """
    sql = _EXPIRE_SQL.format(
        txn=PointsTransaction._meta.db_table, member=Member._meta.db_table
    )

    def expire(member_ids):
        with connection.cursor() as cursor:
            cursor.execute(sql, {"members": member_ids, "now": now})

    due = due_for_expiry(now)
    if members is not None:
        due = due.filter(member_id__gte=members[0], member_id__lte=members[1])
    return in_member_batches(due, batch_size, expire)
