from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import configure_program, ledger_state, make_member


def test_backfill_credits_orders_placed_before_joining_once(
    customer_api, customer_user, entry_tier, shop, order_placer, order_desk, capsys
):
    shirt = shop.add_variant("Shirt", "25.00")
    long_ago = timezone.now() - timedelta(days=60)
    with freeze_time(long_ago):
        old = order_placer(customer_api, [(shirt, 2)])
        order_desk.fulfill(old)
    recent = order_placer(customer_api, [(shirt, 1)])
    member = make_member(customer_user)

    call_command("loyalty_backfill")
    after_first = ledger_state(member)
    call_command("loyalty_backfill")

    assert ledger_state(member) == after_first
    rows = {r.key: r for r in PointsTransaction.objects.all()}
    assert rows[f"earn:{old.pk}"].status == "available"  # fulfilled long before the window
    assert rows[f"earn:{recent.pk}"].status == "pending"
    assert after_first[1][:2] == (50, 25)
    out = capsys.readouterr().out
    assert "Backfilling 2 orders of members." in out
    assert f"2/2 orders, last order {recent.pk}" in out


def test_backfill_resumes_after_an_order(customer_api, customer_user, entry_tier, shop, order_placer):
    shirt = shop.add_variant("Shirt", "25.00")
    first = order_placer(customer_api, [(shirt, 2)])
    second = order_placer(customer_api, [(shirt, 1)])
    make_member(customer_user)

    call_command("loyalty_backfill", "--start-after", str(first.pk))

    assert list(PointsTransaction.objects.values_list("key", flat=True)) == [f"earn:{second.pk}"]


def test_joining_credits_past_orders_when_the_program_says_so(
    customer_api, entry_tier, shop, order_placer
):
    configure_program(backfillOnJoin="true")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])

    customer_api.query("mutation { loyaltyJoin { errors { code } } }")
    run_on_commit_callbacks()

    assert PointsTransaction.objects.get().key == f"earn:{order.pk}"
