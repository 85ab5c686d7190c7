"""Importing members and balances from another loyalty program's file (members.imports,
`loyalty_import members`, loyaltyMembersImport)."""
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.host.accounts import User
from saleor_loyalty.insight import stats
from saleor_loyalty.members import imports
from saleor_loyalty.members.models import Member, MemberImport, MemberImportStatus
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.points.verify import find_differences
from saleor_loyalty.tiers.models import TierChange
from tests.fixtures.concurrency import run_concurrently
from tests.fixtures.loyalty import credit_points, make_member
from tests.fixtures.users import create_customer

NEXT_YEAR = timezone.now().year + 1
HEADER = "email,points_balance,lifetime_points,tier,joined_at,birthday,referral_code,referred_by,lots\n"

CLEAN = HEADER + (
    f"ann@example.com,170,400,Silver,2023-05-01,1990-04-12,ANNCODE,,120@{NEXT_YEAR}-03-01;50@{NEXT_YEAR}-06-30\n"
    "bob@example.com,80,,member,2024-01-15,,,ann@example.com,\n"
    f"Cid@Example.com,30,30,,,,CIDCODE,bob@example.com,30@{NEXT_YEAR}-01-31\n"
    "existing@example.com,50,90,silver,,1985-12-01,EXISTING1,,\n"
)

PROBLEMS = HEADER + (
    "good@example.com,10,,,,,TAKEN1,,\n"                      # 2: code clash (applied)
    "tier@example.com,10,,Platinum,,,,,\n"                     # 3
    "date@example.com,10,,,2024-13-01,,,,\n"                   # 4
    "neg@example.com,-5,,,,,,,\n"                              # 5
    "GOOD@example.com,20,,,,,,,\n"                             # 6: duplicate
    "not-an-email,10,,,,,,,\n"                                 # 7
    "ref@example.com,10,,,,,,nobody@example.com,\n"            # 8: unknown referrer (applied)
    "life@example.com,100,50,,,,,,\n"                          # 9
    f"lots@example.com,100,,,,,,,80@{NEXT_YEAR}-01-01;40\n"    # 10
    "old@example.com,100,,,,,,,50@2020-01-01\n"                # 11
    ",10,,,,,,,\n"                                             # 12
    "bday@example.com,0,,,,2999-01-01,,,\n"                    # 13
)

EXPECTED_PROBLEMS = [
    {"line": 2, "email": "good@example.com",
     "reason": "referral code TAKEN1 belongs to another member: not kept"},
    {"line": 3, "email": "tier@example.com", "reason": "unknown tier 'Platinum'"},
    {"line": 4, "email": "date@example.com", "reason": "bad joined date '2024-13-01'"},
    {"line": 5, "email": "neg@example.com", "reason": "negative balance -5"},
    {"line": 6, "email": "good@example.com", "reason": "e-mail already on line 2"},
    {"line": 7, "email": "not-an-email", "reason": "bad e-mail 'not-an-email'"},
    {"line": 8, "email": "ref@example.com",
     "reason": "unknown referred-by 'nobody@example.com': not linked"},
    {"line": 9, "email": "life@example.com", "reason": "lifetime points 50 below the balance 100"},
    {"line": 10, "email": "lots@example.com",
     "reason": "lots add up to 120, more than the balance 100"},
    {"line": 11, "email": "old@example.com", "reason": "lot '50@2020-01-01' has expired already"},
    {"line": 12, "email": "", "reason": "e-mail missing"},
    {"line": 13, "email": "bday@example.com", "reason": "birthday '2999-01-01' is not a past date"},
]


@pytest.fixture
def shop_members(silver_tier):
    """A customer who is a member with points already, and one who holds code TAKEN1."""
    existing = make_member(create_customer("existing@example.com"))
    credit_points(existing, 25, "before-import")
    holder = make_member(create_customer("holder@example.com"))
    Member.objects.filter(pk=holder.pk).update(referral_code="TAKEN1")
    return existing


GIVEN_CODES = {"ANNCODE", "CIDCODE", "EXISTING1", "TAKEN1"}


def written():
    """Everything an import writes, by e-mail and ledger key (no ids)."""
    members = {}
    for member in Member.objects.select_related("user", "tier", "referred_by__user"):
        lots = sorted(
            (t.key, t.kind, t.points, t.remaining, t.expires_at)
            for t in PointsTransaction.objects.filter(member=member))
        members[member.user.email] = (
            member.points_balance, member.lifetime_points, member.points_debt,
            member.tier.slug if member.tier else None,
            member.referral_code if member.referral_code in GIVEN_CODES else "(generated)",
            member.referred_by.user.email if member.referred_by else None,
            member.joined_at if member.user.email != "holder@example.com" else None,
            member.birthday, lots, member.tier_changes.count())
    imported = [(i.created, i.updated, i.skipped, i.next_line, i.status, i.problems)
                for i in MemberImport.objects.all()]
    return members, imported, User.objects.count()


def test_dry_run_reports_every_problem_row_and_writes_nothing(shop_members):
    before = written()

    result = imports.import_members(PROBLEMS.encode(), dry_run=True)

    assert [p.as_dict() for p in result.problems] == EXPECTED_PROBLEMS
    assert (result.created, result.updated, result.skipped) == (2, 0, 10)
    assert result.customers_created == 2 and result.dry_run
    assert written() == before


def test_clean_file_imports_balances_lots_tiers_and_referral_links_exactly(shop_members):
    now = timezone.now()

    result = imports.import_members(CLEAN.encode(), file_name="members.csv", now=now)

    assert (result.created, result.updated, result.skipped, result.problems) == (3, 1, 0, [])
    ann = Member.objects.get(user__email="ann@example.com")
    assert (ann.points_balance, ann.lifetime_points, ann.tier.slug) == (170, 400, "silver")
    assert ann.referral_code == "ANNCODE" and ann.birthday == date(1990, 4, 12)
    assert timezone.localtime(ann.joined_at).date() == date(2023, 5, 1)
    lots = {(t.remaining, timezone.localtime(t.expires_at).date())
            for t in ann.transactions.filter(remaining__gt=0)}
    assert lots == {(120, date(NEXT_YEAR, 3, 1)), (50, date(NEXT_YEAR, 6, 30))}
    bob = Member.objects.get(user__email="bob@example.com")
    assert (bob.points_balance, bob.lifetime_points, bob.tier.slug) == (80, 80, "member")
    assert bob.referred_by == ann and not bob.user.has_usable_password()
    assert [(t.remaining, t.expires_at) for t in bob.transactions.filter(remaining__gt=0)] == [
        (80, None)]
    cid = Member.objects.get(user__email="cid@example.com")
    assert (cid.points_balance, cid.referral_code, cid.referred_by) == (30, "CIDCODE", bob)
    existing = Member.objects.get(pk=shop_members.pk)
    assert (existing.points_balance, existing.lifetime_points) == (25 + 50, 25 + 90)
    assert (existing.tier.slug, existing.referral_code) == ("silver", "EXISTING1")
    assert existing.tier_changes.filter(to_tier__slug="silver", notified_at__isnull=False).exists()
    record = MemberImport.objects.get()
    assert (record.status, record.next_line, record.file_name) == (
        MemberImportStatus.COMPLETED, 6, "members.csv")
    assert find_differences() == []


def test_second_run_of_a_file_changes_nothing(shop_members):
    imports.import_members(CLEAN.encode())
    after_first = written()

    again = imports.import_members(CLEAN.encode())

    assert again.already_done and (again.created, again.updated) == (3, 1)
    assert written() == after_first


def test_no_create_reports_customers_missing_in_the_shop(shop_members):
    result = imports.import_members(CLEAN.encode(), create_customers=False)

    assert [(p.line, p.reason) for p in result.problems] == [
        (line, imports.NO_CUSTOMER) for line in (2, 3, 4)]
    assert (result.created, result.updated, result.skipped) == (0, 1, 3)
    assert not User.objects.filter(email="ann@example.com").exists()
    assert find_differences() == []


class Killed(Exception):
    pass


def _kill_after_first_batch(next_line):
    raise Killed(next_line)


def _undo_import(existing):
    """Back to the shop as `shop_members` made it (`existing`: the member it made)."""
    users = User.objects.exclude(email__in=["existing@example.com", "holder@example.com"])
    members = Member.objects.filter(user__in=users)
    PointsTransaction.objects.filter(member__in=members).delete()
    PointsTransaction.objects.filter(key__startswith="import:").delete()
    members.delete()
    users.delete()
    MemberImport.objects.all().delete()
    Member.objects.filter(pk=existing.pk).update(
        tier=existing.tier, points_balance=25, lifetime_points=25,
        birthday=None, birthday_set_at=None, referral_code=existing.referral_code)
    TierChange.objects.filter(member=existing, notified_at__isnull=False).delete()


def test_run_killed_halfway_and_restarted_ends_like_an_uninterrupted_one(shop_members):
    now = timezone.now()
    existing_before = written()[0]["existing@example.com"]
    with pytest.raises(Killed):
        imports.import_members(CLEAN.encode(), batch_size=2, now=now,
                               after_batch=_kill_after_first_batch)
    halfway = MemberImport.objects.get()
    assert (halfway.next_line, halfway.status) == (4, MemberImportStatus.FAILED)
    assert Member.objects.filter(user__email="cid@example.com").count() == 0

    progress = []
    imports.import_members(CLEAN.encode(), batch_size=2, now=now,
                           progress=lambda done, total: progress.append((done, total)))
    resumed = written()
    assert progress == [(4, 4)]  # the resumed run starts where the killed one stopped
    assert find_differences() == []

    _undo_import(shop_members)
    assert written()[0]["existing@example.com"] == existing_before
    imports.import_members(CLEAN.encode(), batch_size=2, now=now)

    assert written() == resumed


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_of_one_file_at_once_end_like_a_single_run(shop_members):
    now = timezone.now()

    def run():
        result = imports.import_members(CLEAN.encode(), batch_size=1, now=now)
        return result.created, result.updated, result.skipped, result.problems

    outcomes = run_concurrently([run, run])
    together = written()

    assert outcomes == [("ok", (3, 1, 0, []))] * 2
    assert sum(t.points for t in PointsTransaction.objects.filter(
        key__startswith="import:")) == 170 + 80 + 30 + 50
    assert find_differences() == []
    _undo_import(shop_members)
    imports.import_members(CLEAN.encode(), batch_size=1, now=now)
    assert written() == together


def test_points_spent_in_the_old_program_are_import_spent_rows_outside_the_statistics(
        shop_members):
    period = stats.Period(timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1))
    before = stats.compute_stats(load_program(), period)

    imports.import_members(CLEAN.encode())

    ann = Member.objects.get(user__email="ann@example.com")
    rows = sorted((t.key.rsplit(":", 1)[1], t.kind, t.points, t.remaining)
                  for t in ann.transactions.all())
    assert rows == [("1", "import", 120, 120), ("2", "import", 50, 50),
                    ("spent", "import", 230, 0), ("spent-out", "import_spent", -230, None)]
    assert (ann.points_balance, ann.lifetime_points) == (170, 400)
    after = stats.compute_stats(load_program(), period)
    figures = ("points_issued", "points_redeemed", "points_expired")
    assert [getattr(after, f) for f in figures] == [getattr(before, f) for f in figures]
    assert after.outstanding_points == before.outstanding_points + 170 + 80 + 30 + 50
    assert not PointsTransaction.objects.filter(kind="reset").exists()


def test_points_owed_from_a_clawback_are_paid_from_the_imported_points(shop_members):
    with transaction.atomic():
        ledger.debit(ledger.lock_member(shop_members.pk), key="reversal:test", kind="reversal",
                     points=40, now=timezone.now(), allow_shortfall=True)
    shop_members.refresh_from_db()
    assert (shop_members.points_balance, shop_members.points_debt) == (0, 15)

    imports.import_members(CLEAN.encode())

    shop_members.refresh_from_db()
    assert (shop_members.points_balance, shop_members.points_debt) == (50 - 15, 0)
    assert find_differences() == []


def _new_members_file(count):
    return HEADER + "".join(
        f"new{count}-{i}@example.com,{10 + i},{20 + i},silver,2024-02-0{1 + i % 9},,,"
        f"{f'new{count}-0@example.com' if i else ''},5@{NEXT_YEAR}-01-01\n"
        for i in range(count))


def test_a_batch_takes_as_many_statements_whatever_its_size(shop_members):
    statements = []
    for count in (3, 30):
        with CaptureQueriesContext(connection) as queries:
            result = imports.import_members(_new_members_file(count).encode(), batch_size=100)
        assert (result.created, result.problems) == (count, [])
        statements.append(len(queries))

    assert statements[0] == statements[1]
    assert find_differences() == []


def test_command_prints_one_summary_with_problem_lines(shop_members, tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(b"\xef\xbb\xbf" + PROBLEMS.encode())  # with a BOM, as Excel saves
    out = StringIO()

    call_command("loyalty_import", "members", str(path), "--dry-run", stdout=out, stderr=StringIO())

    lines = out.getvalue().splitlines()
    assert lines[:5] == [
        "Dry run: nothing was written. A real run would give:",
        "  members created: 2", "  members updated: 0", "  rows skipped: 10",
        "  customer accounts would be created: 2",
    ]
    assert lines[5] == "Problems (12):"
    assert lines[6] == "  line 2: good@example.com: referral code TAKEN1 belongs to another member: not kept"
    assert lines[-1] == "  line 13: bday@example.com: birthday '2999-01-01' is not a past date"
    assert not MemberImport.objects.exists()

    call_command("loyalty_import", "members", str(path), stdout=out, stderr=StringIO())
    assert Member.objects.filter(user__email="good@example.com").exists()


IMPORT = """mutation($file: Upload!, $preset: String, $dryRun: Boolean) {
  loyaltyMembersImport(file: $file, preset: $preset, dryRun: $dryRun) {
    created updated skipped dryRun alreadyDone problems { line email reason }
    errors { field code } } }"""


def _upload(text, name="members.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_staff_import_an_uploaded_file_dry_then_for_real(shop_members, manage_users_api):
    dry = manage_users_api.mutate(IMPORT, file=_upload(PROBLEMS), dryRun=True)
    assert (dry["created"], dry["skipped"], dry["dryRun"]) == (2, 10, True)
    assert dry["problems"] == EXPECTED_PROBLEMS
    assert not Member.objects.filter(user__email="good@example.com").exists()

    real = manage_users_api.mutate(IMPORT, file=_upload(CLEAN))

    assert (real["created"], real["updated"], real["skipped"], real["dryRun"]) == (3, 1, 0, False)
    assert Member.objects.get(user__email="ann@example.com").points_balance == 170
    assert manage_users_api.mutate(IMPORT, file=_upload(CLEAN))["alreadyDone"] is True
    assert find_differences() == []


def test_a_bad_file_or_preset_is_refused_with_its_field(manage_users_api, entry_tier):
    bad_file = manage_users_api.post(IMPORT, file=_upload("name,points\nx,1\n"))
    bad_preset = manage_users_api.post(IMPORT, file=_upload(CLEAN), preset="nope")

    assert bad_file["data"]["loyaltyMembersImport"]["errors"] == [
        {"field": "file", "code": "INVALID"}]
    assert bad_preset["data"]["loyaltyMembersImport"]["errors"] == [
        {"field": "preset", "code": "INVALID"}]
    assert not MemberImport.objects.exists()


def test_customers_and_staff_without_manage_users_cannot_import(staff_api, customer_api, entry_tier):
    for api in (staff_api, customer_api):
        answer = api.post(IMPORT, file=_upload(CLEAN))["data"]["loyaltyMembersImport"]
        assert answer["errors"] == [{"field": None, "code": "PERMISSION_DENIED"}]
    assert not User.objects.filter(email="ann@example.com").exists()


def test_presets_read_smile_and_yotpo_exports(entry_tier, silver_tier):
    smile = ("email,points_balance,vip_tier,date_of_birth,created_at\n"
             "s@example.com,40,Silver,1004-05-27,2024-04-04T15:10:42.030Z\n")
    yotpo = ("Email,Points Balance,Points Spent,Birthday (MM/DD) or (MM/DD/YYYY)\n"
             "y@example.com,60,15,04/12/1990\n")

    smile_result = imports.import_members(smile.encode(), preset="smile")
    imports.import_members(yotpo.encode(), preset="yotpo")

    s = Member.objects.get(user__email="s@example.com")
    assert (s.points_balance, s.tier.slug, s.birthday) == (40, "silver", None)
    assert s.joined_at == datetime(2024, 4, 4, 15, 10, 42, 30000, tzinfo=dt_timezone.utc)
    assert [p.reason for p in smile_result.problems] == [
        "birthday '1004-05-27' has no year: not kept"]
    y = Member.objects.get(user__email="y@example.com")
    assert (y.points_balance, y.lifetime_points, y.birthday) == (60, 75, date(1990, 4, 12))
    assert find_differences() == []
