"""Real concurrent database sessions spending and adjusting the same member's points."""
import pytest
from django.db import transaction
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import adjustments, ledger
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.concurrency import run_concurrently
from tests.fixtures.loyalty import credit_points, make_member
from tests.fixtures.users import create_customer


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_spends_and_adjustments_never_overdraw():
    member = make_member(create_customer("busy@example.com"))
    credit_points(member, 100, "bonus:start")
    program = load_program()

    def spend(i):
        def work():
            with transaction.atomic():
                return ledger.debit(ledger.lock_member(member.pk), key=f"redeem:{i}",
                                    kind="redeem", points=15, now=timezone.now())

        return work

    def remove(i):
        return lambda: adjustments.adjust_points(member, -15, "race", None, program, timezone.now())

    outcomes = run_concurrently([spend(i) if i % 2 else remove(i) for i in range(20)])

    member.refresh_from_db()
    succeeded = [o for o in outcomes if o[0] == "ok"]
    refused = [o for o in outcomes if o[0] == "refused"]
    assert len(succeeded) == 6  # 6 x 15 = 90 of the 100 points
    assert {o[1] for o in refused} == {"insufficient_points"} and len(refused) == 14
    assert member.points_balance == 10
    ledger_sum = sum(PointsTransaction.objects.filter(member=member, status="available").values_list("points", flat=True))
    assert ledger_sum == member.points_balance
    assert Member.objects.filter(points_balance__lt=0).count() == 0
