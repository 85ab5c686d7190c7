"""Writing a member import (members.imports): a handful of set-based statements per batch
of file rows, whatever its size, and the referral links at the end.

A batch: the customer accounts missing in the shop (one INSERT), the new members with
their JOINED tier changes (one INSERT ... SELECT FROM unnest), the members who existed
already (locked in id order, one UPDATE, their tier changes), then the IMPORT ledger rows
with the balances they move (one statement). Each write stands on its own: one member
per account (ON CONFLICT on the account: a member made meanwhile is updated instead), one
ledger row per key (`import:<sha256[:16]>:<line>:<part>`), and balances move by the
ledger rows that statement wrote only, so the cached balances always equal the ledger.

Ledger rows of a file row: one IMPORT lot per lot of the file (with its expiry), one
without expiry for the rest of the balance (`rest`), and for lifetime points above the
balance an IMPORT row already used up (`spent`) with an IMPORT_SPENT row taking those
points out of the balance (`spent-out`): balance, lifetime points and lots are the
file's, and neither is counted as points issued, redeemed or expired here.
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from django.db import connection
from django.db.models import F

from saleor_loyalty.host import accounts
from saleor_loyalty.members.enrolment import new_referral_code
from saleor_loyalty.members.import_rows import Row
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import (
    LIFETIME_KINDS,
    PointsTransaction,
    TransactionKind,
    TransactionStatus,
)
from saleor_loyalty.tiers.models import TierChange, TierChangeReason

REASON = "Imported from the previous loyalty program"
SPENT_REASON = f"{REASON}: earned there and spent or expired there"
SPENT_OUT_REASON = "Spent or expired in the previous loyalty program (imported lifetime points)"
LINKS_PER_STATEMENT = 5000


@dataclass
class Run:
    """What one run of an import knows across its batches."""

    sha: str
    now: object  # datetime
    entry_tier_id: Optional[int]
    ranks: Dict[int, int]  # {tier id: rank}
    # {lower-cased e-mail: account id}, completed batch by batch.
    users: Dict[str, int] = field(default_factory=dict)
    # Referral codes the file gives: never generated for another row.
    file_codes: Set[str] = field(default_factory=set)


def _execute(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def apply_batch(rows: List[Row], run: Run):
    """Apply the valid rows of one batch (inside the caller's transaction). Returns
    (members created, members updated, customer accounts created)."""
    made = _complete_accounts(rows, run)
    user_ids = [run.users[row.email] for row in rows]
    existing = _lock_members(user_ids)
    fresh = [row for row in rows if run.users[row.email] not in existing]
    created = _insert_members(fresh, run)
    late = [run.users[row.email] for row in fresh if run.users[row.email] not in created]
    existing.update(_lock_members(late))  # made meanwhile (the customer joined): updated
    member_ids = {**{user: member.pk for user, member in existing.items()}, **created}
    _update_members([row for row in rows if run.users[row.email] in existing], existing, run)
    _write_ledger(rows, {row.email: member_ids[run.users[row.email]] for row in rows}, run)
    _settle_debts([m for m in existing.values() if m.points_debt > 0], run)
    return len(created), len(rows) - len(created), made


def _complete_accounts(rows: List[Row], run: Run) -> int:
    """Account ids of the batch's e-mails into run.users, creating the missing accounts.
    Returns how many were created."""
    missing = [row.email for row in rows if row.email not in run.users]
    if not missing:
        return 0
    run.users.update(accounts.customer_ids_by_email(missing, any_case=False))
    new = [email for email in missing if email not in run.users]
    made = accounts.create_customers(new)
    run.users.update(made)
    taken = [email for email in new if email not in made]  # an account made meanwhile
    run.users.update(accounts.customer_ids_by_email(taken))
    return len(made)


def _lock_members(user_ids: List[int]) -> Dict[int, Member]:
    if not user_ids:
        return {}
    return {member.user_id: member for member in Member.objects.select_for_update()
            .filter(user_id__in=user_ids).order_by("pk")}


def _free_codes(count: int, reserved: Set[str]) -> List[str]:
    codes = set()
    while len(codes) < count:
        fresh = {new_referral_code() for _ in range(count - len(codes))} - codes - reserved
        taken = set(Member.objects.filter(referral_code__in=fresh).values_list(
            "referral_code", flat=True))
        codes |= fresh - taken
    return sorted(codes)


_INSERT_MEMBERS_SQL = """
WITH new AS (
    INSERT INTO {member} (user_id, tier_id, tier_since, birthday, birthday_set_at,
                          referral_code, joined_at, email_notifications, sms_notifications,
                          push_notifications, points_balance, pending_points,
                          lifetime_points, points_debt)
    SELECT v.user_id, v.tier_id, CASE WHEN v.tier_id IS NOT NULL THEN %(now)s END,
           v.birthday, CASE WHEN v.birthday IS NOT NULL THEN v.joined_at END,
           v.code, v.joined_at, TRUE, FALSE, FALSE, 0, 0, 0, 0
    FROM unnest(%(users)s::integer[], %(tiers)s::integer[], %(birthdays)s::date[],
                %(codes)s::varchar[], %(joined)s::timestamptz[])
         AS v(user_id, tier_id, birthday, code, joined_at)
    ORDER BY v.user_id
    ON CONFLICT (user_id) DO NOTHING
    RETURNING id, user_id, tier_id, joined_at
),
joined AS (
    INSERT INTO {change} (member_id, to_tier_id, reason, created_at)
    SELECT id, tier_id, %(reason)s, joined_at FROM new WHERE tier_id IS NOT NULL
)
SELECT user_id, id FROM new
"""


def _insert_members(rows: List[Row], run: Run) -> Dict[int, int]:
    """New members (balances come with the ledger rows); {account id: member id} of those
    inserted (a customer who became a member meanwhile is not)."""
    if not rows:
        return {}
    codes = iter(_free_codes(sum(1 for row in rows if not row.referral_code), run.file_codes))
    sql = _INSERT_MEMBERS_SQL.format(member=Member._meta.db_table,
                                     change=TierChange._meta.db_table)
    return dict(_execute(sql, {
        "now": run.now, "reason": TierChangeReason.JOINED.value,
        "users": [run.users[row.email] for row in rows],
        "tiers": [row.tier_id or run.entry_tier_id for row in rows],
        "birthdays": [row.birthday for row in rows],
        "codes": [row.referral_code or next(codes) for row in rows],
        "joined": [row.joined or run.now for row in rows],
    }))


_UPDATE_MEMBERS_SQL = """
UPDATE {member} m SET joined_at = v.joined_at, birthday = v.birthday,
    birthday_set_at = v.birthday_set_at, referral_code = v.code, tier_id = v.tier_id,
    tier_since = v.tier_since, below_tier_since = v.below_tier_since
FROM unnest(%(ids)s::integer[], %(joined)s::timestamptz[], %(birthdays)s::date[],
            %(birthdays_set)s::timestamptz[], %(codes)s::varchar[], %(tiers)s::integer[],
            %(tiers_since)s::timestamptz[], %(below)s::timestamptz[])
     AS v(id, joined_at, birthday, birthday_set_at, code, tier_id, tier_since,
          below_tier_since)
WHERE m.id = v.id
"""

_TIER_CHANGES_SQL = """
INSERT INTO {change} (member_id, from_tier_id, to_tier_id, reason, created_at, notified_at)
SELECT v.member_id, v.from_tier, v.to_tier, v.reason, %(now)s, %(now)s
FROM unnest(%(members)s::integer[], %(from)s::integer[], %(to)s::integer[],
            %(reasons)s::varchar[]) AS v(member_id, from_tier, to_tier, reason)
"""


def _update_members(rows: List[Row], existing: Dict[int, Member], run: Run):
    """Joined date, birthday, tier and referral code as the file gives them; a tier
    change is recorded as told (the member gets no e-mail for it)."""
    if not rows:
        return
    changes = []
    for row in rows:
        member = existing[run.users[row.email]]
        if row.joined:
            member.joined_at = row.joined
        if row.birthday and row.birthday != member.birthday:
            member.birthday, member.birthday_set_at = row.birthday, run.now
        if row.referral_code:
            member.referral_code = row.referral_code
        if row.tier_id and row.tier_id != member.tier_id:
            up = run.ranks[row.tier_id] > run.ranks.get(member.tier_id, -1)
            changes.append((member.pk, member.tier_id, row.tier_id, (
                TierChangeReason.UPGRADE if up else TierChangeReason.DOWNGRADE).value))
            member.tier_id, member.tier_since, member.below_tier_since = (
                row.tier_id, run.now, None)
    members = [existing[run.users[row.email]] for row in rows]
    _execute(_UPDATE_MEMBERS_SQL.format(member=Member._meta.db_table), {
        "ids": [m.pk for m in members], "joined": [m.joined_at for m in members],
        "birthdays": [m.birthday for m in members],
        "birthdays_set": [m.birthday_set_at for m in members],
        "codes": [m.referral_code for m in members], "tiers": [m.tier_id for m in members],
        "tiers_since": [m.tier_since for m in members],
        "below": [m.below_tier_since for m in members],
    })
    if changes:
        members, from_tiers, to_tiers, reasons = zip(*changes)
        _execute(_TIER_CHANGES_SQL.format(change=TierChange._meta.db_table), {
            "now": run.now, "members": list(members), "from": list(from_tiers),
            "to": list(to_tiers), "reasons": list(reasons)})


_LEDGER_SQL = """
WITH written AS (
    INSERT INTO {txn} (member_id, key, kind, status, points, remaining, debt, order_key,
                       reason, created_at, available_at, expires_at)
    SELECT v.member_id, v.key, v.kind, %(status)s, v.points, v.remaining, 0, '',
           (%(reasons)s::varchar[])[v.reason], %(now)s, %(now)s, v.expires_at
    FROM unnest(%(members)s::integer[], %(keys)s::varchar[], %(kinds)s::varchar[],
                %(points)s::integer[], %(remaining)s::integer[], %(reason)s::smallint[],
                %(expiry)s::timestamptz[])
         AS v(member_id, key, kind, points, remaining, reason, expires_at)
    ON CONFLICT (key) DO NOTHING
    RETURNING member_id, kind, points
)
UPDATE {member} m SET points_balance = m.points_balance + x.balance,
                      lifetime_points = m.lifetime_points + x.lifetime
FROM (SELECT member_id, SUM(points) AS balance,
             COALESCE(SUM(points) FILTER (WHERE kind = ANY(%(lifetime_kinds)s)), 0) AS lifetime
      FROM written GROUP BY member_id) x
WHERE m.id = x.member_id
"""
_REASONS = [REASON, SPENT_REASON, SPENT_OUT_REASON]  # reason numbers 1, 2, 3 (SQL arrays)


def ledger_key(sha: str, line: int, part) -> str:
    return f"import:{sha[:16]}:{line}:{part}"


def _ledger_parts(row: Row):
    """(part, kind, points, remaining, reason number, expires_at) of the row's ledger rows."""
    parts = [(i, TransactionKind.IMPORT, points, points, 1, expires_at)
             for i, (points, expires_at) in enumerate(row.lots, start=1)]
    rest = row.balance - sum(points for points, _ in row.lots)
    if rest:
        parts.append(("rest", TransactionKind.IMPORT, rest, rest, 1, None))
    spent = row.lifetime - row.balance
    if spent:
        parts.append(("spent", TransactionKind.IMPORT, spent, 0, 2, None))
        parts.append(("spent-out", TransactionKind.IMPORT_SPENT, -spent, None, 3, None))
    return parts


def _write_ledger(rows: List[Row], member_of: Dict[str, int], run: Run):
    columns = ([], [], [], [], [], [], [])
    for row in rows:
        for part, kind, points, remaining, reason, expires_at in _ledger_parts(row):
            for column, value in zip(columns, (
                    member_of[row.email], ledger_key(run.sha, row.line, part), kind.value,
                    points, remaining, reason, expires_at)):
                column.append(value)
    if not columns[0]:
        return
    members, keys, kinds, points, remaining, reasons, expiry = columns
    _execute(_LEDGER_SQL.format(txn=PointsTransaction._meta.db_table,
                                member=Member._meta.db_table), {
        "status": TransactionStatus.AVAILABLE.value, "now": run.now, "reasons": _REASONS,
        "lifetime_kinds": [kind.value for kind in LIFETIME_KINDS], "members": members,
        "keys": keys, "kinds": kinds, "points": points, "remaining": remaining,
        "reason": reasons, "expiry": expiry,
    })


def _settle_debts(members: List[Member], run: Run):
    """Members who owed points from a clawback pay it from their imported lots (soonest
    expiring first), as from any points they get."""
    prefix = f"import:{run.sha[:16]}:"
    for member in members:
        lots = PointsTransaction.objects.filter(
            member=member, key__startswith=prefix, remaining__gt=0,
        ).order_by(F("expires_at").asc(nulls_last=True), "id")
        ledger.settle_debt(member, list(lots), run.now)


_LOCK_REFEREES_SQL = "SELECT id FROM {member} WHERE user_id = ANY(%s) ORDER BY id FOR UPDATE"
_LINK_SQL = """
UPDATE {member} m SET referred_by_id = r.id
FROM unnest(%(referees)s::integer[], %(referrers)s::integer[]) AS v(referee, referrer)
JOIN {member} r ON r.user_id = v.referrer
WHERE m.user_id = v.referee AND m.referred_by_id IS NULL AND r.id <> m.id
"""


def link_referrers(rows: List[Row], run: Run):
    """Link each member of `rows` to their referrer, unless they have one already: the
    members are locked in id order first (as every job locking several members does)."""
    emails = {row.email for row in rows} | {row.referred_by for row in rows}
    unknown = [email for email in emails if email not in run.users]
    run.users.update(accounts.customer_ids_by_email(unknown))
    links = sorted((run.users[row.email], run.users[row.referred_by]) for row in rows
                   if row.email in run.users and row.referred_by in run.users)
    table = Member._meta.db_table
    for start in range(0, len(links), LINKS_PER_STATEMENT):
        chunk = links[start:start + LINKS_PER_STATEMENT]
        referees = [referee for referee, _ in chunk]
        _execute(_LOCK_REFEREES_SQL.format(member=table), [referees])
        _execute(_LINK_SQL.format(member=table), {
            "referees": referees, "referrers": [referrer for _, referrer in chunk]})
