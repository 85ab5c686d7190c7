"""loyalty_export: members or the ledger of a period as CSV, streamed, with progress."""
import csv
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import segments
from saleor_loyalty.insight.models import MemberSegment, Tag
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction


def export(*args):
    out, err = StringIO(), StringIO()
    call_command("loyalty_export", *args, stdout=out, stderr=err)
    return list(csv.DictReader(StringIO(out.getvalue()))), err.getvalue()


def test_members_export_has_tier_balances_and_segment_of_every_member(shop_history):
    segments.compute_segments(load_program(), shop_history.now)

    rows, progress = export("members")

    assert len(rows) == Member.objects.count() == 160
    some = Member.objects.select_related("user", "tier", "segment").order_by("pk")[7]
    row = rows[7]
    assert row["email"] == some.user.email and row["tier"] == some.tier.name
    assert int(row["points_balance"]) == some.points_balance
    assert row["rfm_score"] == some.segment.rfm_score and row["segment"] == some.segment.segment
    assert "160/160" in progress


def test_members_not_scored_yet_export_with_empty_rfm(member):
    rows, _ = export("members")

    assert rows[0]["rfm_score"] == "" and rows[0]["segment"] == ""
    assert not MemberSegment.objects.exists()


def test_the_members_export_lists_each_members_tags_by_name(member):
    for name in ("VIP", "Newsletter"):
        member.member_tags.create(tag=Tag.objects.create(name=name), source="manual")

    rows, _ = export("members")

    assert rows[0]["tags"] == "Newsletter; VIP"


def test_ledger_export_covers_the_period_only(shop_history, tmp_path):
    start = shop_history.now - timedelta(days=60)
    path = tmp_path / "ledger.csv"

    call_command("loyalty_export", "ledger", "--from", start.isoformat(), "--to",
                 str(shop_history.now.date()), "--output", str(path), stderr=StringIO())

    rows = list(csv.DictReader(path.open()))
    expected = PointsTransaction.objects.filter(created_at__gte=start).order_by("created_at", "pk")
    assert [int(r["transaction_id"]) for r in rows] == [t.pk for t in expected]
    assert rows and {r["kind"] for r in rows} <= {"bonus", "redeem", "earn", "expiry"}


def test_the_export_reads_in_a_constant_number_of_queries(shop_history):
    with CaptureQueriesContext(connection) as queries:
        export("members")
        export("ledger")

    # A count and one streamed select (server-side cursor) each.
    assert len(queries) == 4


def test_dates_for_the_members_export_are_refused():
    with pytest.raises(CommandError):
        call_command("loyalty_export", "members", "--from", "2024-01-01")
