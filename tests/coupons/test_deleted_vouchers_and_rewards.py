"""Member coupons after staff delete, through Saleor's own mutations, the voucher a coupon
is made of or the product a points-mall reward gives: nothing fails to answer, open
coupons bought with points give their points back (or stay usable), and the answers
say what happened."""
import pytest

from saleor_loyalty.coupons.models import Coupon, Reward
from tests.fixtures.api import gid
from tests.fixtures.checkout import ADD_PROMO_CODE, create_checkout
from tests.fixtures.loyalty import credit_points

REDEEM_POINTS = """
mutation($points: Int!) {
  loyaltyRedeemPoints(points: $points) { coupon { code } errors { field code message } }
}
"""
REDEEM_REWARD = """
mutation($id: ID!) {
  loyaltyRewardRedeem(id: $id) { coupon { code } errors { field code message } }
}
"""
MY_COUPONS = """
{ me { loyalty {
  pointsBalance
  coupons { code kind status discountValue discountValueType pointsSpent usedAt withdrawnAt }
  active: coupons(status: ACTIVE) { kind }
  transactions(first: 1) { edges { node { kind points reason } } }
} } }
"""
REWARDS = "{ loyaltyRewards(first: 10) { edges { node { name variant { id } } } } }"
VOUCHER_DELETE = """
mutation($id: ID!) { voucherDelete(id: $id) { discountErrors { field code message } } }
"""
PRODUCT_DELETE = """
mutation($id: ID!) { productDelete(id: $id) { productErrors { field code message } } }
"""
VARIANT_DELETE = """
mutation($id: ID!) { productVariantDelete(id: $id) { productErrors { field code message } } }
"""


def _ok(api, mutation, variables, name, errors="errors"):
    result = api.query(mutation, variables)[name]
    assert result[errors] == [], result[errors]
    return result


def _coupons_by_kind(api):
    content = api.post(MY_COUPONS)
    assert "errors" not in content, content["errors"]
    loyalty = content["data"]["me"]["loyalty"]
    return loyalty, {c["kind"]: c for c in loyalty["coupons"]}


def _delete_voucher_of(api, coupon: Coupon):
    _ok(api, VOUCHER_DELETE, {"id": gid("Voucher", coupon.voucher)}, "voucherDelete",
        "discountErrors")


@pytest.fixture
def mug(shop):
    return shop.add_variant("Mug", "12.00")


@pytest.fixture
def mug_reward(mug):
    return Reward.objects.create(name="Free mug", kind="product", points_cost=800, variant=mug)


def test_a_coupon_whose_voucher_staff_deleted_is_expired_without_a_code_and_its_points_return(
    customer_api, member, manage_discounts_api
):
    # given a welcome gift and a code bought with 500 points
    credit_points(member, 600, "bonus:lot")
    _ok(customer_api, REDEEM_POINTS, {"points": 500}, "loyaltyRedeemPoints")

    # when staff delete both vouchers in the dashboard
    for coupon in Coupon.objects.filter(member=member):
        _delete_voucher_of(manage_discounts_api, coupon)

    # then the member's coupons still answer: expired, with no code left to enter
    loyalty, coupons = _coupons_by_kind(customer_api)
    bought, gift = coupons["POINTS_REDEMPTION"], coupons["WELCOME"]
    assert (bought["code"], bought["status"], bought["pointsSpent"]) == (None, "EXPIRED", 500)
    assert (gift["code"], gift["status"]) == (None, "EXPIRED")
    assert bought["withdrawnAt"] is not None and gift["withdrawnAt"] is not None
    assert (bought["discountValue"], bought["discountValueType"]) == (None, None)
    assert loyalty["active"] == []
    # and the 500 points came back, saying why
    assert loyalty["pointsBalance"] == 600
    returned = loyalty["transactions"]["edges"][0]["node"]
    assert (returned["kind"], returned["points"]) == ("REDEEM", 500)
    assert "voucher was deleted" in returned["reason"]


def test_a_used_coupon_whose_voucher_was_deleted_stays_used_and_keeps_its_points_spent(
    customer_api, member, manage_discounts_api, shop, order_placer
):
    credit_points(member, 500, "bonus:lot")
    code = _ok(customer_api, REDEEM_POINTS, {"points": 500}, "loyaltyRedeemPoints")["coupon"]["code"]
    order_placer(customer_api, [(shop.add_variant("Shirt", "30.00"), 1)], promo_code=code)

    _delete_voucher_of(manage_discounts_api, Coupon.objects.get(kind="points_redemption"))

    loyalty, coupons = _coupons_by_kind(customer_api)
    used = coupons["POINTS_REDEMPTION"]
    assert (used["status"], used["code"], used["pointsSpent"]) == ("USED", None, 500)
    assert used["usedAt"] is not None and used["withdrawnAt"] is None
    assert loyalty["pointsBalance"] == 0


def test_deleting_the_product_of_a_points_mall_reward_returns_the_points_of_its_open_coupons(
    customer_api, member, mug, mug_reward, manage_products_api, shop
):
    credit_points(member, 1000, "bonus:lot")
    code = _ok(customer_api, REDEEM_REWARD, {"id": gid("LoyaltyReward", mug_reward)},
               "loyaltyRewardRedeem")["coupon"]["code"]

    _ok(manage_products_api, PRODUCT_DELETE, {"id": gid("Product", mug.product)},
        "productDelete", "productErrors")

    loyalty, coupons = _coupons_by_kind(customer_api)
    reward = coupons["REWARD"]
    assert (reward["code"], reward["status"], reward["pointsSpent"]) == (code, "EXPIRED", 800)
    assert loyalty["pointsBalance"] == 1000
    assert reward["withdrawnAt"] is not None
    assert "product it gives was deleted" in loyalty["transactions"]["edges"][0]["node"]["reason"]
    assert customer_api.query(REWARDS)["loyaltyRewards"]["edges"] == []
    # the code no longer takes anything off
    checkout_id = create_checkout(customer_api, [(shop.add_variant("Cap", "20.00"), 1)])
    refused = customer_api.query(ADD_PROMO_CODE, {"checkoutId": checkout_id, "promoCode": code})
    assert [e["code"] for e in refused["checkoutAddPromoCode"]["errors"]] == ["INVALID"]


def test_deleting_the_variant_of_a_points_mall_reward_returns_the_points_of_its_open_coupons(
    customer_api, member, mug, mug_reward, manage_products_api, shop
):
    # given a coupon for the mug, whose product has since gained a second variant
    credit_points(member, 1000, "bonus:lot")
    code = _ok(customer_api, REDEEM_REWARD, {"id": gid("LoyaltyReward", mug_reward)},
               "loyaltyRewardRedeem")["coupon"]["code"]
    red = shop.add_sibling(mug, "MUG-RED", "12.00")

    # when staff delete the mug's variant
    _ok(manage_products_api, VARIANT_DELETE, {"id": gid("ProductVariant", mug)},
        "productVariantDelete", "productErrors")

    # then the mall no longer offers it, and the coupon, which could only have taken the
    # other variant free now, is withdrawn with its points back
    assert customer_api.query(REWARDS)["loyaltyRewards"]["edges"] == []
    loyalty, coupons = _coupons_by_kind(customer_api)
    assert (coupons["REWARD"]["code"], coupons["REWARD"]["status"]) == (code, "EXPIRED")
    assert coupons["REWARD"]["withdrawnAt"] is not None
    assert loyalty["pointsBalance"] == 1000
    checkout_id = create_checkout(customer_api, [(red, 1)])
    refused = customer_api.query(ADD_PROMO_CODE, {"checkoutId": checkout_id, "promoCode": code})
    assert [e["code"] for e in refused["checkoutAddPromoCode"]["errors"]] == ["INVALID"]
