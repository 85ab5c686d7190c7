"""Importing members and their points from another loyalty system's file (issue 18).

A file is known by the SHA-256 of its content (`MemberImport`, one per file and preset).
Its rows are applied in batches of file lines, each in one transaction that locks the
import's row first and moves its `next_line` on: a run killed halfway goes on from there
when started again, two runs of one file take turns batch by batch, and a finished file
changes nothing. Balances arrive as IMPORT ledger rows under keys named after the file
and the line (`import:<sha256[:16]>:<line>:<lot>`), one lot per lot of the file (with
its expiry) plus one without expiry for the rest of the balance; lifetime points above
the balance are an IMPORT row already used up and a RESET row taking it out of the
balance (spent or expired in the other program), so balance, lifetime and lots are the
file's and `loyalty_verify` agrees. Referral links are set once every member exists.
"""
import hashlib
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from saleor_loyalty.host import accounts
from saleor_loyalty.members import import_rows
from saleor_loyalty.members.enrolment import entry_tier, new_referral_code
from saleor_loyalty.members.import_presets import get_preset
from saleor_loyalty.members.import_rows import Problem, Row
from saleor_loyalty.members.models import Member, MemberImport, MemberImportStatus
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import PointsTransaction, TransactionKind, TransactionStatus
from saleor_loyalty.tiers.models import Tier, TierChange, TierChangeReason

BATCH_SIZE = 500
NO_CUSTOMER = "no customer account with this e-mail (creating customers is off)"


@dataclass
class ImportResult:
    created: int = 0  # members created
    updated: int = 0  # existing members updated
    skipped: int = 0  # rows not applied (each in `problems` with its reason)
    problems: List[Problem] = field(default_factory=list)
    dry_run: bool = False
    # The file was imported before: nothing changed (the counts are that import's).
    already_done: bool = False
    customers_created: int = 0  # accounts made by this run (or that would be)
    rows: int = 0  # data rows in the file


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_members(data: bytes, *, preset: str = "generic", file_name: str = "",
                   dry_run: bool = False, create_customers: bool = True,
                   batch_size: int = BATCH_SIZE, now=None,
                   progress: Optional[Callable[[int], None]] = None,
                   after_batch: Optional[Callable[[int], None]] = None) -> ImportResult:
    """Import (or with `dry_run` only check) the file `data`. Raises
    import_rows.BadFile / import_presets.UnknownPreset (ValueErrors) for a file that
    cannot be read. `progress(lines)` is called with each batch's data lines;
    `after_batch(next_line)` after each committed batch."""
    the_preset = get_preset(preset)
    sha = file_sha256(data)
    now = now or timezone.now()
    rows = import_rows.read_rows(
        import_rows.decode(data), the_preset, _tiers(), now, timezone.localdate(now))
    previous = MemberImport.objects.filter(file_sha256=sha, preset=the_preset.name).first()
    if previous is not None and previous.status == MemberImportStatus.COMPLETED:
        return _done(previous, dry_run, len(rows))
    users = _check_against_shop(rows, create_customers)
    problems = import_rows.problems_of(rows)
    if dry_run:
        return _dry_run(rows, users, problems, previous.next_line if previous else 2)
    record = _record(sha, the_preset.name, file_name, now)
    result = ImportResult(problems=problems, rows=len(rows))
    try:
        _apply_batches(record, rows, sha, batch_size, now, result, progress, after_batch)
        _finish(record, rows, problems, now, result)
    except BaseException:
        MemberImport.objects.filter(
            pk=record.pk, status=MemberImportStatus.RUNNING).update(
            status=MemberImportStatus.FAILED)
        raise
    return result


def _tiers() -> Dict[str, int]:
    tiers = {}
    for pk, name, slug in Tier.objects.values_list("pk", "name", "slug"):
        tiers[slug.lower()] = pk
        tiers[name.lower()] = pk
    return tiers


def _check_against_shop(rows: List[Row], create_customers: bool) -> Dict[str, int]:
    """Skip rows of missing customers (when none are to be created); drop referral codes
    other members hold and referrers who are neither in the file nor members. Returns
    {e-mail: account id} of the file's customers who have an account."""
    valid = [row for row in rows if row.skip is None]
    emails = {row.email for row in valid}
    referrers = {row.referred_by for row in valid if row.referred_by} - emails
    users = accounts.customer_ids_by_email(emails | referrers)
    if not create_customers:
        for row in valid:
            if row.email not in users:
                row.skip = NO_CUSTOMER
        valid = [row for row in valid if row.skip is None]
        emails = {row.email for row in valid}
    codes = {row.referral_code for row in valid if row.referral_code}
    owner_of = dict(Member.objects.filter(referral_code__in=codes).values_list(
        "referral_code", "user_id")) if codes else {}
    member_users = set(Member.objects.filter(
        user_id__in=[users[e] for e in referrers if e in users]).values_list("user_id", flat=True))
    for row in valid:
        code = row.referral_code
        if code in owner_of and (owner_of[code] is None or owner_of[code] != users.get(row.email)):
            row.notes.append(f"referral code {code} belongs to another member: not kept")
            row.referral_code = None
        if row.referred_by and row.referred_by not in emails and (
                users.get(row.referred_by) not in member_users):
            row.notes.append(f"unknown referred-by '{row.referred_by}': not linked")
            row.referred_by = None
    return users


def _dry_run(rows, users, problems, next_line) -> ImportResult:
    result = ImportResult(dry_run=True, problems=problems, rows=len(rows))
    todo = [row for row in rows if row.line >= next_line]
    member_users = set(Member.objects.filter(
        user_id__in=[users[r.email] for r in todo if r.email in users]
    ).values_list("user_id", flat=True))
    for row in todo:
        if row.skip:
            result.skipped += 1
        elif users.get(row.email) in member_users:
            result.updated += 1
        else:
            result.created += 1
            result.customers_created += row.email not in users
    result.skipped += sum(1 for row in rows if row.line < next_line and row.skip)
    return result


def _done(record: MemberImport, dry_run: bool, rows: int) -> ImportResult:
    return ImportResult(
        created=record.created, updated=record.updated, skipped=record.skipped,
        problems=[Problem(p["line"], p["email"], p["reason"]) for p in record.problems],
        dry_run=dry_run, already_done=True, rows=rows,
    )


def _record(sha, preset, file_name, now) -> MemberImport:
    try:
        with transaction.atomic():
            record, _ = MemberImport.objects.get_or_create(
                file_sha256=sha, preset=preset,
                defaults={"file_name": file_name[:255], "started_at": now})
    except IntegrityError:  # a concurrent run of the same file made it first
        record = MemberImport.objects.get(file_sha256=sha, preset=preset)
    return record


def _apply_batches(record, rows, sha, batch_size, now, result, progress, after_batch):
    last_line = rows[-1].line if rows else 1
    while True:
        with transaction.atomic():
            locked = MemberImport.objects.select_for_update().get(pk=record.pk)
            if locked.status == MemberImportStatus.COMPLETED or locked.next_line > last_line:
                return
            batch = [row for row in rows if row.line >= locked.next_line][:batch_size]
            created, updated, accounts_made = _apply(batch, sha, now)
            locked.next_line = batch[-1].line + 1
            locked.created += created
            locked.updated += updated
            locked.skipped += sum(1 for row in batch if row.skip)
            locked.status = MemberImportStatus.RUNNING
            locked.save(update_fields=["next_line", "created", "updated", "skipped", "status"])
        result.customers_created += accounts_made
        if progress:
            progress(len(batch))
        if after_batch:
            after_batch(locked.next_line)


def _apply(batch: List[Row], sha: str, now):
    """Apply the batch's valid rows: accounts, members, ledger. Returns (members
    created, members updated, accounts created)."""
    valid = [row for row in batch if row.skip is None]
    if not valid:
        return 0, 0, 0
    users = accounts.customer_ids_by_email({row.email for row in valid})
    missing = sorted({row.email for row in valid} - set(users))
    users.update(accounts.create_customers(missing) if missing else {})
    existing = {
        member.user_id: member for member in Member.objects.select_for_update()
        .filter(user_id__in=[users[row.email] for row in valid]).order_by("pk")
    }
    new_rows = [row for row in valid if users[row.email] not in existing]
    members = dict(existing)
    members.update(_create_members(new_rows, users, now))
    _update_members([row for row in valid if users[row.email] in existing],
                    existing, users, now)
    _write_ledger(valid, {row.email: members[users[row.email]] for row in valid},
                  existing, sha, now)
    return len(new_rows), len(valid) - len(new_rows), len(missing)


def _free_codes(count: int) -> List[str]:
    codes = set()
    while len(codes) < count:
        fresh = {new_referral_code() for _ in range(count - len(codes))} - codes
        taken = set(Member.objects.filter(referral_code__in=fresh).values_list(
            "referral_code", flat=True))
        codes |= fresh - taken
    return list(codes)


def _create_members(rows: List[Row], users, now) -> Dict[int, Member]:
    entry = entry_tier()
    codes = iter(_free_codes(sum(1 for row in rows if not row.referral_code)))
    members = []
    for row in rows:
        tier_id = row.tier_id or (entry.pk if entry else None)
        joined = row.joined or now
        members.append(Member(
            user_id=users[row.email], tier_id=tier_id, tier_since=now if tier_id else None,
            birthday=row.birthday, birthday_set_at=joined if row.birthday else None,
            referral_code=row.referral_code or next(codes), joined_at=joined,
            points_balance=row.balance, lifetime_points=row.lifetime,
        ))
    Member.objects.bulk_create(members)
    TierChange.objects.bulk_create([
        TierChange(member=member, to_tier_id=member.tier_id, reason=TierChangeReason.JOINED,
                   created_at=member.joined_at)
        for member in members if member.tier_id
    ])
    return {member.user_id: member for member in members}


def _update_members(rows: List[Row], existing: Dict[int, Member], users, now):
    """Joined date, birthday, tier and referral code as the file gives them."""
    ranks = dict(Tier.objects.values_list("pk", "rank"))
    changes = []
    for row in rows:
        member = existing[users[row.email]]
        if row.joined:
            member.joined_at = row.joined
        if row.birthday and row.birthday != member.birthday:
            member.birthday, member.birthday_set_at = row.birthday, now
        if row.referral_code:
            member.referral_code = row.referral_code
        if row.tier_id and row.tier_id != member.tier_id:
            up = ranks[row.tier_id] > ranks.get(member.tier_id, -1)
            changes.append(TierChange(
                member=member, from_tier_id=member.tier_id, to_tier_id=row.tier_id,
                reason=TierChangeReason.UPGRADE if up else TierChangeReason.DOWNGRADE,
                created_at=now, notified_at=now))
            member.tier_id, member.tier_since, member.below_tier_since = row.tier_id, now, None
    Member.objects.bulk_update(
        [existing[users[row.email]] for row in rows],
        ["joined_at", "birthday", "birthday_set_at", "referral_code", "tier",
         "tier_since", "below_tier_since"])
    TierChange.objects.bulk_create(changes)


def _ledger_rows(row: Row, member: Member, sha: str, now) -> List[PointsTransaction]:
    prefix = f"import:{sha[:16]}:{row.line}"
    reason = "Imported from the previous loyalty program"

    def lot(key, points, expires_at=None, remaining=None, kind=TransactionKind.IMPORT,
            why=reason):
        return PointsTransaction(
            member=member, key=f"{prefix}:{key}", kind=kind,
            status=TransactionStatus.AVAILABLE, points=points,
            remaining=points if remaining is None else remaining, reason=why,
            created_at=now, available_at=now, expires_at=expires_at)

    written = [lot(i, points, expires_at) for i, (points, expires_at) in
               enumerate(row.lots, start=1)]
    rest = row.balance - sum(points for points, _ in row.lots)
    if rest:
        written.append(lot("rest", rest))
    spent = row.lifetime - row.balance
    if spent:
        written.append(lot("spent", spent, remaining=0,
                           why=f"{reason}: earned there and spent or expired there"))
        written.append(PointsTransaction(
            member=member, key=f"{prefix}:spent-out", kind=TransactionKind.RESET,
            status=TransactionStatus.AVAILABLE, points=-spent, reason=(
                "Spent or expired in the previous loyalty program (imported lifetime "
                "points)"), created_at=now, available_at=now))
    return written


def _write_ledger(rows: List[Row], member_of: Dict[str, Member], existing, sha, now):
    """The rows' IMPORT rows; balances of members who existed before move with them
    (new members were created with theirs)."""
    written = [t for row in rows for t in _ledger_rows(row, member_of[row.email], sha, now)]
    there = set(PointsTransaction.objects.filter(
        key__in=[t.key for t in written]).values_list("key", flat=True))
    written = [t for t in written if t.key not in there]
    PointsTransaction.objects.bulk_create(written)
    existing_ids = {member.pk for member in existing.values()}
    for member in {t.member.pk: t.member for t in written}.values():
        if member.pk not in existing_ids:
            continue
        mine = [t for t in written if t.member.pk == member.pk]
        ledger.change_member(member, balance=sum(t.points for t in mine),
                             lifetime=sum(t.points for t in mine
                                          if t.kind == TransactionKind.IMPORT))
        if member.points_debt > 0:
            ledger.settle_debt(member, [t for t in mine if t.remaining], now)


def _finish(record, rows, problems, now, result):
    """Referral links, then the import is completed (with its problems)."""
    with transaction.atomic():
        locked = MemberImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != MemberImportStatus.COMPLETED:
            _link_referrers([row for row in rows if row.skip is None and row.referred_by])
            locked.status = MemberImportStatus.COMPLETED
            locked.finished_at = now
            locked.problems = [problem.as_dict() for problem in problems]
            locked.save(update_fields=["status", "finished_at", "problems"])
    result.created, result.updated, result.skipped = (
        locked.created, locked.updated, locked.skipped)


_LINK_SQL = """
UPDATE {member} m SET referred_by_id = v.referrer
FROM unnest(%(referees)s::integer[], %(referrers)s::integer[]) AS v(referee, referrer)
WHERE m.id = v.referee AND m.referred_by_id IS NULL
"""


def _link_referrers(rows: List[Row]):
    """Link each member to their referrer, unless they have one already: the members
    are locked in id order first (as every job locking several members does)."""
    if not rows:
        return
    users = accounts.customer_ids_by_email(
        {row.email for row in rows} | {row.referred_by for row in rows})
    member_ids = dict(Member.objects.filter(user_id__in=users.values()).values_list(
        "user_id", "pk"))
    links = sorted(
        (member_ids[users[row.email]], member_ids[users[row.referred_by]]) for row in rows
        if member_ids.get(users.get(row.email)) and member_ids.get(users.get(row.referred_by))
    )
    sql = _LINK_SQL.format(member=Member._meta.db_table)
    for start in range(0, len(links), 5000):
        chunk = links[start:start + 5000]
        referees = [referee for referee, _ in chunk]
        list(Member.objects.select_for_update().filter(pk__in=referees).order_by("pk")
             .values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(sql, {"referees": referees,
                                 "referrers": [referrer for _, referrer in chunk]})
