"""A PRODUCT reward gives exactly its variant: Saleor 2.10 vouchers name products, not
variants, so a reward priced for one variant must never take another one free."""
from decimal import Decimal

import graphene
import pytest
from saleor.checkout.models import Checkout
from saleor.order.models import Order
from saleor.product.models import ProductVariant

from saleor_loyalty.coupons.models import Coupon, Reward
from tests.fixtures.api import gid
from tests.fixtures.checkout import (
    ADD_PROMO_CODE,
    ADD_PROMO_CODE_WITH_LOYALTY_ERRORS,
    CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS,
    LINES_UPDATE,
    create_checkout,
    ship_and_pay,
)
from tests.fixtures.loyalty import credit_points, ledger_state

CREATE = """
mutation($input: LoyaltyRewardInput!) {
  loyaltyRewardCreate(input: $input) { reward { name } errors { field code message } }
}
"""
UPDATE = """
mutation($id: ID!, $input: LoyaltyRewardInput!) {
  loyaltyRewardUpdate(id: $id, input: $input) { reward { name } errors { field code message } }
}
"""
REDEEM = """
mutation($id: ID!) {
  loyaltyRewardRedeem(id: $id) { coupon { code } errors { field code message } }
}
"""
def variant_id(variant):
    return graphene.Node.to_global_id("ProductVariant", variant.pk)


@pytest.fixture
def mug(shop):
    return shop.add_variant("Mug", "12.00")


@pytest.fixture
def mug_coupon(customer_api, member, mug):
    """A member's code for a free mug, bought while the mug had one variant."""
    reward = Reward.objects.create(name="Free mug", kind="product", points_cost=800, variant=mug)
    credit_points(member, 800, "bonus:lot")
    result = customer_api.query(REDEEM, {"id": gid("LoyaltyReward", reward)})["loyaltyRewardRedeem"]
    assert result["errors"] == []
    return result["coupon"]["code"]


def test_a_product_reward_on_a_product_with_several_variants_is_refused(manage_discounts_api, shop, mug):
    shop.add_sibling(mug, "MUG-XL", "40.00")

    result = manage_discounts_api.query(CREATE, {"input": {
        "name": "Free mug", "kind": "PRODUCT", "pointsCost": 800, "variant": variant_id(mug),
    }})["loyaltyRewardCreate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("variant", "PRODUCT_HAS_SEVERAL_VARIANTS")]
    assert "one variant" in result["errors"][0]["message"]
    assert Reward.objects.count() == 0


def test_a_product_reward_cannot_be_moved_to_a_product_with_several_variants(manage_discounts_api, shop, mug):
    reward = Reward.objects.create(name="Free mug", kind="product", points_cost=800, variant=mug)
    shirt = shop.add_variant("Shirt", "10.00")
    shop.add_sibling(shirt, "SHIRT-XL", "60.00")

    result = manage_discounts_api.query(UPDATE, {
        "id": gid("LoyaltyReward", reward), "input": {"variant": variant_id(shirt)},
    })["loyaltyRewardUpdate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("variant", "PRODUCT_HAS_SEVERAL_VARIANTS")]
    reward.refresh_from_db()
    assert reward.variant == mug


def test_a_product_reward_whose_product_gained_variants_cannot_be_redeemed(customer_api, member, shop, mug):
    # given a reward made while the mug had one variant (or before rewards were checked)
    reward = Reward.objects.create(name="Free mug", kind="product", points_cost=800, variant=mug,
                                   stock=3)
    shop.add_sibling(mug, "MUG-XL", "40.00")
    credit_points(member, 800, "bonus:lot")
    before = ledger_state(member)

    result = customer_api.query(REDEEM, {"id": gid("LoyaltyReward", reward)})["loyaltyRewardRedeem"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "PRODUCT_HAS_SEVERAL_VARIANTS")]
    assert ledger_state(member) == before
    assert Reward.objects.get().stock == 3
    assert not Coupon.objects.filter(kind="reward").exists()


def test_a_reward_code_for_the_cheap_variant_does_not_take_the_expensive_one_free(
        customer_api, shop, mug, mug_coupon):
    # given the merchant added a dearer variant after the code was bought
    mug_xl = shop.add_sibling(mug, "MUG-XL", "40.00")
    checkout_id = create_checkout(customer_api, [(mug_xl, 1)])

    result = customer_api.query(
        ADD_PROMO_CODE_WITH_LOYALTY_ERRORS, {"checkoutId": checkout_id, "promoCode": mug_coupon}
    )["checkoutAddPromoCode"]

    assert [e["code"] for e in result["loyaltyErrors"]] == ["COUPON_WRONG_VARIANT"], result
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("promoCode", "INVALID")]
    assert Checkout.objects.get().voucher_code is None


def test_completing_a_checkout_whose_reward_code_would_take_another_variant_is_refused(
        customer_api, shop, mug, mug_coupon):
    # given the code went in with the mug, then the mug was swapped for the dearer variant
    mug_xl = shop.add_sibling(mug, "MUG-XL", "40.00")
    checkout_id = create_checkout(customer_api, [(mug, 1)])
    customer_api.query(ADD_PROMO_CODE, {"checkoutId": checkout_id, "promoCode": mug_coupon})
    swapped = customer_api.query(LINES_UPDATE, {"checkoutId": checkout_id, "lines": [
        {"variantId": variant_id(mug), "quantity": 0}, {"variantId": variant_id(mug_xl), "quantity": 1},
    ]})["checkoutLinesUpdate"]
    assert swapped["errors"] == []
    total = ship_and_pay(customer_api, checkout_id, shop.shipping_method)

    result = customer_api.query(
        CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS, {"checkoutId": checkout_id})["checkoutComplete"]

    assert [e["code"] for e in result["loyaltyErrors"]] == ["COUPON_WRONG_VARIANT"], (total, result)
    assert result["order"] is None
    assert Order.objects.count() == 0


def test_a_reward_code_still_takes_its_own_variant_free_after_the_product_gains_variants(
        customer_api, shop, mug, mug_coupon):
    shop.add_sibling(mug, "MUG-XL", "40.00")
    checkout_id = create_checkout(customer_api, [(mug, 2)])

    total = ship_and_pay(customer_api, checkout_id, shop.shipping_method, promo_code=mug_coupon)
    result = customer_api.query(
        CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS, {"checkoutId": checkout_id})["checkoutComplete"]

    assert Decimal(str(total)) == Decimal("22.00")  # 2 x 12 + 10 shipping - one mug
    assert (result["errors"], result["loyaltyErrors"]) == ([], [])
    assert Order.objects.count() == 1
