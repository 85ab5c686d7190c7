import pytest
from django.core.management import CommandError, call_command

from saleor_loyalty.members.models import Member
from tests.fixtures.loyalty import credit_points


def test_verify_reports_zero_differences_for_a_consistent_ledger(member, capsys):
    credit_points(member, 120, "bonus:1")

    call_command("loyalty_verify")

    assert "0 differences" in capsys.readouterr().out


@pytest.mark.corrupts_ledger
def test_verify_reports_and_fixes_a_drifted_cached_balance(member, capsys):
    credit_points(member, 120, "bonus:1")
    Member.objects.filter(pk=member.pk).update(points_balance=999, lifetime_points=5)

    with pytest.raises(CommandError):
        call_command("loyalty_verify")
    report = capsys.readouterr().out
    call_command("loyalty_verify", "--fix")
    call_command("loyalty_verify")

    assert f"member {member.pk}: cached (balance, pending, lifetime, debt)=(999, 0, 5, 0) ledger=(120, 0, 120, 0)" in report
    member.refresh_from_db()
    assert (member.points_balance, member.lifetime_points) == (120, 120)
