"""A shop moving from Saleor 2.10 to Saleor 3: `loyalty_upgrade_from_saleor2` rewrites the
order keys the plugin wrote on 2.10 (the orders' ids) to the orders' UUIDs.

Saleor 3's migrations leave each old order with its 2.10 id in `number` and `use_old_id`
set. The tests place real Saleor 3 orders, let the plugin record them, then turn the shop
into one carried over from 2.10: the orders marked as Saleor's migrations mark them, every
key the plugin wrote naming the order by its number instead, as on 2.10. The command must
bring back exactly what Saleor 3 would have written."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone
from saleor.order.models import Order

from saleor_loyalty import order_events
from saleor_loyalty.core.models import ProgramPause
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.insight.models import PaidOrder
from saleor_loyalty.points import ledger, pending
from saleor_loyalty.points.models import PointsTransaction, TransactionKind
from saleor_loyalty.tiers.models import MembershipPurchase
from tests.fixtures.api import ApiClient
from tests.fixtures.checkout import place_order
from tests.fixtures.loyalty import configure_program, ledger_state, make_member
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

GONE = "999999"  # a 2.10 order deleted before the upgrade


def _write(member, method, **values):
    getattr(ledger, method)(ledger.lock_member(member.pk), now=timezone.now(), **values)


@pytest.fixture
def recorded(shop, member, other_customer, customer_api, order_desk, entry_tier):
    """Two orders recorded by the plugin on Saleor 3: the member's (fulfilled: a repurchase
    coupon), and one of the member who referred them, whose refund left a debt that the
    referral reward then settled; a paid membership and two pauses name them too."""
    configure_program(repurchaseCoupon="5")
    referrer = make_member(other_customer)
    member.referred_by = referrer
    member.save(update_fields=["referred_by"])
    shirt = shop.add_variant("Shirt", "25.00")
    mine = place_order(customer_api, shop, [(shirt, 2)])
    order_desk.fulfill(mine)
    theirs = place_order(ApiClient().login(other_customer.email, PASSWORD), shop, [(shirt, 1)],
                         email=other_customer.email)
    _write(referrer, "debit", key=f"reverse:{theirs.pk}:refund:9", order_key=str(theirs.pk),
           kind=TransactionKind.REVERSAL, points=5, allow_shortfall=True)
    _write(referrer, "credit", key=f"referral:{member.pk}:{mine.pk}",
           kind=TransactionKind.REFERRAL, points=10, lifetime_days=None)
    _write(referrer, "debit", key=f"referral:{member.pk}:{mine.pk}:reverse",
           kind=TransactionKind.REVERSAL, points=3)
    Coupon.objects.filter(member=member, kind="repurchase").update(order_key=str(mine.pk))
    MembershipPurchase.objects.create(member=member, tier=entry_tier, order_key=str(mine.pk),
                                      days=30)
    ProgramPause.objects.create(paused_at=timezone.now(), orders_mark="1", resumed_at=timezone.now(),
                                reconciled_through=str(mine.pk), reconciled_at=timezone.now())
    return member, referrer, [mine, theirs]


def _state():
    return {
        "ledger": list(PointsTransaction.objects.order_by("id").values_list(
            "id", "member_id", "key", "order_key", "points", "remaining", "debt", "status")),
        "paid orders": sorted(PaidOrder.objects.values_list("order_key", "member_id", "paid")),
        "coupons": list(Coupon.objects.order_by("id").values_list(
            "id", "member_id", "voucher_id", "order_key", "occasion")),
        "paid memberships": list(MembershipPurchase.objects.values_list("id", "order_key")),
        "pauses": list(ProgramPause.objects.order_by("id").values_list("id", "reconciled_through")),
    }


def _as_written_on_saleor2(orders):
    """What the database holds once Saleor's migrations carried a 2.10 shop over."""
    for order in orders:
        Order.objects.filter(pk=order.pk).update(use_old_id=True)
        uuid, number = (Value(str(key)) for key in (order.pk, order.number))
        PointsTransaction.objects.update(key=Replace("key", uuid, number),
                                         order_key=Replace("order_key", uuid, number))
        for paid in PaidOrder.objects.filter(order_key=str(order.pk)):
            PaidOrder.objects.filter(pk=paid.pk).update(order_key=str(order.number))
        Coupon.objects.update(order_key=Replace("order_key", uuid, number),
                              occasion=Replace("occasion", uuid, number))
        MembershipPurchase.objects.update(order_key=Replace("order_key", uuid, number))
        ProgramPause.objects.update(reconciled_through=Replace("reconciled_through", uuid, number))


def _upgrade(*args) -> str:
    out = StringIO()
    call_command("loyalty_upgrade_from_saleor2", *args, stdout=out)
    return out.getvalue()


def test_keys_written_as_order_ids_become_the_orders_uuids(recorded):
    member, referrer, orders = recorded
    on_saleor3, balances = _state(), (ledger_state(member), ledger_state(referrer))
    _as_written_on_saleor2(orders)
    assert _state() != on_saleor3
    assert {row[3] for row in _state()["ledger"]} == {"", str(orders[0].number),
                                                      str(orders[1].number)}

    report = _upgrade()

    assert _state() == on_saleor3
    assert (ledger_state(member), ledger_state(referrer)) == balances
    assert "ledger: 6 rows rewritten, 0 naming no order" in report
    assert "paid orders: 2 rows rewritten" in report
    assert "coupons: 1 rows rewritten" in report
    assert "paid memberships: 1 rows rewritten" in report
    assert "0 of them without a code in Saleor." in report


def test_the_rewritten_keys_are_the_ones_the_plugin_reads(recorded):
    member, referrer, orders = recorded
    mine = orders[0]
    _as_written_on_saleor2(orders)
    _upgrade()
    upgraded = _state()

    for order in orders:  # Saleor 3's hooks on the carried-over orders find them recorded
        order_events.sync_order_by_key(str(order.pk))

    assert _state() == upgraded

    earning = PointsTransaction.objects.get(key=f"earn:{mine.pk}")
    assert earning.order_key == str(mine.pk) and earning.member == member
    assert pending.points_still_credited(member, str(mine.pk)) == earning.points
    assert PointsTransaction.objects.filter(key=f"settle:referral:{member.pk}:{mine.pk}").exists()
    assert PaidOrder.objects.filter(order_key=str(mine.pk), member=member).exists()
    coupon = Coupon.objects.get(occasion=f"repurchase:{mine.pk}")
    assert coupon.member == member and coupon.order_key == str(mine.pk)
    voucher = host_discounts.select_vouchers(Coupon.objects.filter(pk=coupon.pk)).get().voucher
    assert host_discounts.voucher_code(voucher)


def test_a_second_run_changes_nothing(recorded):
    _member, _referrer, orders = recorded
    _as_written_on_saleor2(orders)
    _upgrade()
    upgraded = _state()

    report = _upgrade()

    assert _state() == upgraded
    assert "ledger: 0 rows rewritten, 0 naming no order" in report
    assert "paid orders: 0 rows rewritten" in report


def test_a_dry_run_counts_and_writes_nothing(recorded):
    _member, _referrer, orders = recorded
    _as_written_on_saleor2(orders)
    on_saleor2 = _state()

    report = _upgrade("--dry-run")

    assert _state() == on_saleor2
    assert "ledger: 6 rows to rewrite, 0 naming no order" in report
    assert "paid orders: 2 rows to rewrite" in report
    assert "Dry run: nothing was written." in report


def test_keys_naming_no_carried_over_order_are_reported_and_left(recorded, member):
    _member, _referrer, orders = recorded
    _as_written_on_saleor2(orders)
    _write(member, "credit", key=f"earn:{GONE}", order_key=GONE, kind=TransactionKind.EARN,
           points=4, lifetime_days=None)
    PaidOrder.objects.create(order_key=GONE, created=timezone.now(), paid=1, written_by=0)
    # An order placed on Saleor 3 has a number but no old id: its number is no 2.10 key.
    Order.objects.filter(pk=orders[1].pk).update(use_old_id=False)
    theirs = str(orders[1].number)

    report = _upgrade()

    assert PointsTransaction.objects.filter(key=f"earn:{GONE}", order_key=GONE).exists()
    assert PaidOrder.objects.filter(order_key=GONE).exists()
    assert PointsTransaction.objects.filter(key=f"earn:{theirs}", order_key=theirs).exists()
    assert PaidOrder.objects.filter(order_key=theirs).exists()
    assert "ledger: 4 rows rewritten, 3 naming no order carried over" in report
    assert "paid orders: 1 rows rewritten, 2 naming no order carried over" in report


def test_an_order_already_recorded_under_its_uuid_is_left_and_reported(recorded):
    member, _referrer, orders = recorded
    mine = orders[0]
    _as_written_on_saleor2(orders)
    # Saleor 3 ran the plugin before the rewrite: the order was recorded again.
    _write(member, "credit", key=f"earn:{mine.pk}", order_key=str(mine.pk),
           kind=TransactionKind.EARN, points=2, lifetime_days=None)
    PaidOrder.objects.create(order_key=str(mine.pk), created=timezone.now(), paid=1, written_by=0)

    report = _upgrade()

    assert PointsTransaction.objects.filter(key=f"earn:{mine.number}").exists()
    assert not PaidOrder.objects.filter(order_key=str(mine.number)).exists()
    assert "ledger: 5 rows rewritten, 0 naming no order carried over from Saleor 2 (left as " \
           "they are), 1 left as they are" in report
    assert "1 stale rows dropped" in report


def test_a_pause_still_resyncing_orders_starts_over(recorded):
    _member, _referrer, orders = recorded
    pending = ProgramPause.objects.create(paused_at=timezone.now(), orders_mark="1",
                                          resumed_at=timezone.now(),
                                          reconciled_through=str(orders[0].pk))
    _as_written_on_saleor2(orders)

    report = _upgrade()

    pending.refresh_from_db()
    assert pending.reconciled_through == ""
    assert "pauses re-syncing orders started over: 1." in report
