"""Member coupons at Saleor's real checkout, and points turned into coupons."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.checkout.models import Checkout
from saleor.order.models import Order

from saleor_loyalty.coupons import tasks as coupon_tasks

from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.plugin import LoyaltyPlugin
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.checkout import (
    ADD_PROMO_CODE_WITH_LOYALTY_ERRORS,
    CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS,
    complete_checkout,
    create_checkout,
    ship_and_pay,
)
from tests.fixtures.loyalty import configure_program, credit_points, ledger_state
from tests.fixtures.program_switch import PLUGIN_UPDATE

REDEEM = """
mutation($points: Int!) {
  loyaltyRedeemPoints(points: $points) {
    member { pointsBalance }
    coupon { code kind status discountValue discountValueType validUntil }
    errors { field code message }
  }
}
"""
MY_COUPONS = """
query($status: LoyaltyCouponStatus) {
  me { loyalty { coupons(status: $status) { code kind status usedAt discountValue } } }
}
"""
COMPLETE = CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS


def redeem(api, points):
    return api.query(REDEEM, {"points": points})["loyaltyRedeemPoints"]


@pytest.fixture
def shirt(shop):
    return shop.add_variant("Shirt", "30.00")


@pytest.fixture
def five_off(customer_api, member):
    """A 5.00 code bought with 500 of the member's points."""
    credit_points(member, 500, "bonus:five-off")
    return redeem(customer_api, 500)["coupon"]["code"]


def test_redeeming_500_points_gives_a_5_code_paid_from_the_oldest_lots(customer_api, member):
    # given two lots, the older one expiring first
    old = credit_points(member, 300, "bonus:old", timezone.now() - timedelta(days=200))
    new = credit_points(member, 400, "bonus:new")

    # when
    result = redeem(customer_api, 500)

    # then
    assert result["errors"] == []
    coupon = result["coupon"]
    assert (coupon["kind"], coupon["status"], coupon["discountValueType"]) == (
        "POINTS_REDEMPTION", "ACTIVE", "FIXED")
    assert Decimal(str(coupon["discountValue"])) == Decimal("5.00")
    assert len(coupon["code"]) == 12
    assert result["member"]["pointsBalance"] == 200
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.remaining, new.remaining) == (0, 200)
    assert PointsTransaction.objects.get(kind="redeem").points == -500


def test_members_own_coupon_applies_at_checkout_and_is_then_used(customer_api, member, shop,
                                                                   shirt, five_off):
    checkout_id = create_checkout(customer_api, [(shirt, 1)])

    total = ship_and_pay(customer_api, checkout_id, shop.shipping_method, promo_code=five_off)
    result = complete_checkout(customer_api, checkout_id)

    assert result["errors"] == []
    assert Decimal(str(total)) == Decimal("35.00")  # 30 + 10 shipping - 5
    order = Order.objects.get()
    assert host_discounts.voucher_code(order.voucher) == five_off
    coupon = Coupon.objects.get(voucher_id=host_discounts.voucher_id_for_code(five_off))
    assert coupon.used_at is not None and coupon.order_key == str(order.pk)
    mine = customer_api.query(MY_COUPONS, {"status": "USED"})["me"]["loyalty"]["coupons"]
    assert [c["code"] for c in mine] == [five_off]


def test_a_coupon_on_another_customers_checkout_is_refused(other_customer_api, five_off, shop, shirt):
    checkout_id = create_checkout(other_customer_api, [(shirt, 1)], email="other@example.com")

    result = other_customer_api.query(
        ADD_PROMO_CODE_WITH_LOYALTY_ERRORS, {"checkoutId": checkout_id, "promoCode": five_off}
    )["checkoutAddPromoCode"]

    assert [e["code"] for e in result["loyaltyErrors"]] == ["COUPON_NOT_OWNED"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("promoCode", "INVALID")]
    assert Checkout.objects.get().voucher_code is None


def test_a_guest_checkout_cannot_use_a_member_coupon(api_client, five_off, shirt, shop):
    checkout_id = create_checkout(api_client, [(shirt, 1)], email="guest@example.com")

    result = api_client.query(
        ADD_PROMO_CODE_WITH_LOYALTY_ERRORS, {"checkoutId": checkout_id, "promoCode": five_off}
    )["checkoutAddPromoCode"]

    assert [e["code"] for e in result["loyaltyErrors"]] == ["COUPON_NOT_OWNED"]


def test_completing_a_checkout_that_holds_someone_elses_coupon_is_refused(
    other_customer_api, five_off, shop, shirt
):
    # given the code reached another customer's checkout behind the mutations' back
    checkout_id = create_checkout(other_customer_api, [(shirt, 1)], email="other@example.com")
    ship_and_pay(other_customer_api, checkout_id, shop.shipping_method)
    Checkout.objects.update(voucher_code=five_off)

    result = other_customer_api.query(COMPLETE, {"checkoutId": checkout_id})["checkoutComplete"]

    assert result["order"] is None
    assert [e["code"] for e in result["loyaltyErrors"]] == ["COUPON_NOT_OWNED"]
    assert Order.objects.count() == 0


def test_order_creation_itself_refuses_someone_elses_coupon(five_off, other_customer, shop):
    # the plugin's preprocess_order_creation is the last word, whatever the mutation
    checkout = shop.add_checkout(other_customer, voucher_code=five_off)

    with pytest.raises(Exception) as refused:
        LoyaltyPlugin._refuse_foreign_coupon(checkout)

    assert "another customer" in str(refused.value)
    LoyaltyPlugin._refuse_foreign_coupon(Checkout(user=other_customer, voucher_code=None))


def test_a_used_coupon_is_refused_the_second_time(customer_api, member, shop, shirt, five_off,
                                                  order_placer):
    order_placer(customer_api, [(shirt, 1)], promo_code=five_off)
    checkout_id = create_checkout(customer_api, [(shirt, 1)])

    result = customer_api.query(
        ADD_PROMO_CODE_WITH_LOYALTY_ERRORS, {"checkoutId": checkout_id, "promoCode": five_off}
    )["checkoutAddPromoCode"]

    # Saleor itself refuses it: the voucher's single use is spent
    assert [(e["code"], e["message"]) for e in result["errors"]] == [
        ("INVALID", "Promo code is invalid")]
    assert result["loyaltyErrors"] == []


def test_cancelling_the_order_that_used_the_code_returns_the_points_with_their_expiry(
    customer_api, member, shop, shirt, order_placer, order_desk
):
    lot = credit_points(member, 600, "bonus:lot")
    code = redeem(customer_api, 500)["coupon"]["code"]
    order = order_placer(customer_api, [(shirt, 1)], promo_code=code)

    order_desk.cancel(order)

    member.refresh_from_db()
    assert member.points_balance == 100 + 500
    returned = PointsTransaction.objects.get(key__startswith="return:")
    assert (returned.kind, returned.points, returned.remaining) == ("redeem", 500, 500)
    assert returned.expires_at == lot.expires_at
    assert Coupon.objects.get(kind="points_redemption").points_returned_at is not None


def test_an_unused_code_that_expires_returns_its_points_once(customer_api, member):
    # given points from two lots, one of which will have expired by then
    soon = credit_points(member, 200, "bonus:soon", timezone.now() - timedelta(days=300))
    later = credit_points(member, 400, "bonus:later")
    redeem(customer_api, 500)

    # when the code's 90 days are over and the jobs run (twice)
    with freeze_time(timezone.now() + timedelta(days=91)):
        points_tasks.expire_points_task()
        coupon_tasks.return_expired_coupon_points_task()
        coupon_tasks.return_expired_coupon_points_task()

    # then the 300 taken from the later lot come back with its expiry; the 200 of the
    # lot that has expired meanwhile do not
    returned = PointsTransaction.objects.filter(key__startswith="return:")
    assert [(r.points, r.expires_at) for r in returned] == [(300, later.expires_at)]
    assert soon.expires_at < timezone.now() + timedelta(days=91)
    member.refresh_from_db()
    assert member.points_balance == 100 + 300


def test_a_code_used_before_it_expired_keeps_its_points_spent(customer_api, member, shirt,
                                                              order_placer):
    credit_points(member, 500, "bonus:lot")
    code = redeem(customer_api, 500)["coupon"]["code"]
    order_placer(customer_api, [(shirt, 1)], promo_code=code)

    with freeze_time(timezone.now() + timedelta(days=91)):
        assert coupon_tasks.return_expired_coupon_points_task() == 0

    assert not PointsTransaction.objects.filter(key__startswith="return:").exists()


@pytest.mark.parametrize("points, code", [
    (99, "BELOW_MINIMUM_REDEMPTION"),
    (0, "INVALID"),
    (-5, "INVALID"),
    (700, "INSUFFICIENT_POINTS"),
    (2_000_000_000, "INVALID"),
])
def test_bad_redemptions_are_refused_and_change_nothing(customer_api, member, points, code):
    credit_points(member, 600, "bonus:lot")
    before = ledger_state(member)

    result = redeem(customer_api, points)

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("points", code)]
    assert result["coupon"] is None
    assert ledger_state(member) == before
    assert Coupon.objects.count() == 1  # only the welcome coupon


def test_customers_who_are_not_members_cannot_redeem(customer_api, db):
    result = redeem(customer_api, 500)

    assert [e["code"] for e in result["errors"]] == ["NOT_A_MEMBER"]


def test_redemption_value_follows_the_configured_point_value(customer_api, member):
    configure_program(pointValue="0.05", minimumRedemption="10")
    credit_points(member, 100, "bonus:lot")

    coupon = redeem(customer_api, 30)["coupon"]

    assert Decimal(str(coupon["discountValue"])) == Decimal("1.50")


def test_coupon_status_moves_from_active_to_expired(member):
    coupon = Coupon.objects.get(member=member)

    assert coupons.status(coupon, timezone.now()) == coupons.ACTIVE
    assert coupons.status(coupon, timezone.now() + timedelta(days=40)) == coupons.EXPIRED


def test_a_fulfilled_order_brings_one_repurchase_coupon(customer_api, member, shirt,
                                                        order_placer, order_desk):
    configure_program(repurchaseCoupon="10%", repurchaseCouponDays="14",
                      repurchaseCouponMinimumSpend="25")
    order = order_placer(customer_api, [(shirt, 1)])
    assert not Coupon.objects.filter(kind="repurchase").exists()

    order_desk.fulfill(order)

    coupon = Coupon.objects.select_related("voucher").get(kind="repurchase")
    assert coupon.occasion == f"repurchase:{order.pk}"
    value = host_discounts.voucher_value(coupon.voucher)
    assert (value.value_type, value.value, value.minimum_spend) == (
        host_discounts.PERCENTAGE, Decimal(10), Decimal(25))
    assert (coupon.valid_until - coupon.valid_from).days in (13, 14)


@pytest.mark.parametrize("name, value", [
    ("welcomeCoupon", "-5"), ("welcomeCoupon", "150%"), ("birthdayCoupon", "ten"),
    ("winbackAfterDays", "0"), ("repurchaseCouponMinimumSpend", "-1"),
])
def test_invalid_coupon_settings_are_refused(manage_plugins_api, name, value):
    result = manage_plugins_api.query(
        PLUGIN_UPDATE, {"input": {"configuration": [{"name": name, "value": value}]}},
    )["pluginUpdate"]

    assert result["errors"] != []
