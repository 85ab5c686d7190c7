"""Importing members and their points from another loyalty system's file (issue 18).

A file is known by the SHA-256 of its content (`MemberImport`, one per file and preset).
Its rows are applied in batches of file lines, each in one transaction that locks the
import's row first and moves its `next_line` on: a run killed halfway goes on from there
when started again, two runs of one file take turns batch by batch, and a finished file
changes nothing. members.import_writes writes a batch with a few set-based statements
(IMPORT ledger rows under keys named after the file and the line); referral links are
set once every member exists.
"""
import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_loyalty.host import accounts
from saleor_loyalty.members import import_rows, import_writes
from saleor_loyalty.members.enrolment import entry_tier
from saleor_loyalty.members.import_presets import get_preset
from saleor_loyalty.members.import_rows import Problem, Row
from saleor_loyalty.members.models import Member, MemberImport, MemberImportStatus
from saleor_loyalty.tiers.models import Tier

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
                   progress: Optional[Callable[[int, int], None]] = None,
                   after_batch: Optional[Callable[[int], None]] = None) -> ImportResult:
    """Import (or with `dry_run` only check) the file `data`. Raises
    import_rows.BadFile / import_presets.UnknownPreset (ValueErrors) for a file that
    cannot be read. After each committed batch `progress(done, total)` is called with
    the file's data rows done (by earlier runs too) and all of them, and
    `after_batch(next_line)`."""
    the_preset = get_preset(preset)
    sha = file_sha256(data)
    now = now or timezone.now()
    previous = MemberImport.objects.filter(file_sha256=sha, preset=the_preset.name).first()
    if previous is not None and previous.status == MemberImportStatus.COMPLETED:
        return _done(previous, dry_run)
    rows = import_rows.read_rows(
        import_rows.decode(data), the_preset, _tiers(), now, timezone.localdate(now))
    users = _check_against_shop(rows, create_customers)
    problems = import_rows.problems_of(rows)
    if dry_run:
        return _dry_run(rows, users, problems, previous.next_line if previous else 2)
    record = _record(sha, the_preset.name, file_name, now)
    result = ImportResult(problems=problems, rows=len(rows))
    entry = entry_tier()
    run = import_writes.Run(
        sha=sha, now=now, entry_tier_id=entry.pk if entry else None,
        ranks=dict(Tier.objects.values_list("pk", "rank")), users=users,
        file_codes={row.referral_code for row in rows if row.referral_code})
    try:
        _apply_batches(record, rows, run, batch_size, result, progress, after_batch)
        _finish(record, rows, run, problems, result)
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
    # Code holders before accounts: a holder's account is then always among `users`,
    # even when a run of the same file beside this one makes both in between.
    codes = {row.referral_code for row in valid if row.referral_code}
    owner_of = dict(Member.objects.filter(referral_code__in=codes).values_list(
        "referral_code", "user_id")) if codes else {}
    users = accounts.customer_ids_by_email(emails | referrers)
    if not create_customers:
        for row in valid:
            if row.email not in users:
                row.skip = NO_CUSTOMER
        valid = [row for row in valid if row.skip is None]
        emails = {row.email for row in valid}
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


def _done(record: MemberImport, dry_run: bool) -> ImportResult:
    """The counts of a completed import (without reading the file again: each of its
    data rows was created, updated or skipped)."""
    return ImportResult(
        created=record.created, updated=record.updated, skipped=record.skipped,
        problems=[Problem(p["line"], p["email"], p["reason"]) for p in record.problems],
        dry_run=dry_run, already_done=True,
        rows=record.created + record.updated + record.skipped,
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


def _apply_batches(record, rows, run, batch_size, result, progress, after_batch):
    lines = [row.line for row in rows]
    while True:
        with transaction.atomic():
            locked = MemberImport.objects.select_for_update().get(pk=record.pk)
            start = bisect.bisect_left(lines, locked.next_line)
            if locked.status == MemberImportStatus.COMPLETED or start == len(rows):
                return
            batch = rows[start:start + batch_size]
            valid = [row for row in batch if row.skip is None]
            created, updated, accounts_made = (
                import_writes.apply_batch(valid, run) if valid else (0, 0, 0))
            locked.next_line = batch[-1].line + 1
            locked.created += created
            locked.updated += updated
            locked.skipped += len(batch) - len(valid)
            locked.status = MemberImportStatus.RUNNING
            locked.save(update_fields=["next_line", "created", "updated", "skipped", "status"])
        result.customers_created += accounts_made
        if progress:
            progress(start + len(batch), len(rows))
        if after_batch:
            after_batch(locked.next_line)


def _finish(record, rows, run, problems, result):
    """Referral links, then the import is completed (with its problems)."""
    with transaction.atomic():
        locked = MemberImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != MemberImportStatus.COMPLETED:
            import_writes.link_referrers(
                [row for row in rows if row.skip is None and row.referred_by], run)
            locked.status = MemberImportStatus.COMPLETED
            locked.finished_at = run.now
            locked.problems = [problem.as_dict() for problem in problems]
            locked.save(update_fields=["status", "finished_at", "problems"])
    result.created, result.updated, result.skipped = (
        locked.created, locked.updated, locked.skipped)
