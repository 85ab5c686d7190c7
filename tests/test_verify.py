import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from saleor_loyalty import ledger
from saleor_loyalty.models import Member


def _credit(member, points, key):
    ledger.credit(ledger.lock_member(member.pk), key=key, kind="bonus", points=points,
                  now=timezone.now(), lifetime_days=365)


def test_verify_reports_zero_differences_for_a_consistent_ledger(member, capsys):
    _credit(member, 120, "bonus:1")

    call_command("loyalty_verify")

    assert "0 differences" in capsys.readouterr().out


@pytest.mark.corrupts_ledger
def test_verify_reports_and_fixes_a_drifted_cached_balance(member, capsys):
    _credit(member, 120, "bonus:1")
    Member.objects.filter(pk=member.pk).update(points_balance=999, lifetime_points=5)

    with pytest.raises(CommandError):
        call_command("loyalty_verify")
    report = capsys.readouterr().out
    call_command("loyalty_verify", "--fix")
    call_command("loyalty_verify")

    assert f"member {member.pk}: cached (balance, pending, lifetime, debt)=(999, 0, 5, 0) ledger=(120, 0, 120, 0)" in report
    member.refresh_from_db()
    assert (member.points_balance, member.lifetime_points) == (120, 120)
