"""The points mall: staff manage rewards, members buy them with points."""
from decimal import Decimal

import graphene
import pytest

from saleor_loyalty.coupons.models import Coupon, Reward
from tests.fixtures.api import gid
from tests.fixtures.checkout import create_checkout, ship_and_pay
from tests.fixtures.loyalty import credit_points, ledger_state

CREATE = """
mutation($input: LoyaltyRewardInput!) {
  loyaltyRewardCreate(input: $input) {
    reward { id name pointsCost kind discountValue stock minimumTier { name } variant { id } }
    errors { field code message }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: LoyaltyRewardInput!) {
  loyaltyRewardUpdate(id: $id, input: $input) {
    reward { name pointsCost stock } errors { field code message }
  }
}
"""
DELETE = """
mutation($id: ID!) { loyaltyRewardDelete(id: $id) { reward { name } errors { field code } } }
"""
REDEEM = """
mutation($id: ID!) {
  loyaltyRewardRedeem(id: $id) {
    member { pointsBalance }
    coupon { code kind status discountValue discountValueType pointsSpent }
    errors { field code message }
  }
}
"""
REWARDS = """
{ loyaltyRewards(first: 10) { edges { node { name pointsCost stock minimumTier { name } } } } }
"""


@pytest.fixture
def gift_card_reward(db):
    return Reward.objects.create(name="10 off", kind="voucher", points_cost=1000,
                                 discount_value=Decimal(10), stock=5)


def test_staff_create_update_and_delete_rewards(manage_discounts_api, gold_tier, shop):
    mug = shop.add_variant("Mug", "12.00")
    created = manage_discounts_api.query(CREATE, {"input": {
        "name": "Free mug", "kind": "PRODUCT", "pointsCost": 800, "stock": 3,
        "variant": graphene.Node.to_global_id("ProductVariant", mug.pk),
        "minimumTier": graphene.Node.to_global_id("LoyaltyTier", gold_tier.pk),
    }})["loyaltyRewardCreate"]
    assert created["errors"] == []
    reward = created["reward"]
    assert (reward["name"], reward["pointsCost"], reward["kind"], reward["stock"]) == (
        "Free mug", 800, "PRODUCT", 3)
    assert reward["minimumTier"] == {"name": "Gold"}

    updated = manage_discounts_api.query(UPDATE, {"id": reward["id"], "input": {"pointsCost": 900, "stock": None}})
    assert updated["loyaltyRewardUpdate"] == {
        "reward": {"name": "Free mug", "pointsCost": 900, "stock": None}, "errors": []}

    deleted = manage_discounts_api.query(DELETE, {"id": reward["id"]})["loyaltyRewardDelete"]
    assert deleted == {"reward": {"name": "Free mug"}, "errors": []}
    assert Reward.objects.count() == 0


@pytest.mark.parametrize("payload, expected", [
    ({"kind": "VOUCHER", "pointsCost": 100, "discountValue": "5"}, [("name", "REQUIRED")]),
    ({"name": "x", "kind": "VOUCHER", "pointsCost": 0, "discountValue": "5"}, [("pointsCost", "INVALID")]),
    ({"name": "x", "kind": "VOUCHER", "pointsCost": 10}, [("discountValue", "REQUIRED")]),
    ({"name": "x", "kind": "VOUCHER", "pointsCost": 10, "discountValue": "-1"}, [("discountValue", "INVALID")]),
    ({"name": "x", "kind": "PRODUCT", "pointsCost": 10}, [("variant", "REQUIRED")]),
    ({"name": "x", "kind": "VOUCHER", "pointsCost": 10, "discountValue": "5", "stock": -1}, [("stock", "INVALID")]),
    ({"name": "x", "kind": "PRODUCT", "pointsCost": 10, "variant": "UHJvZHVjdFZhcmlhbnQ6OTk5"}, [("variant", "NOT_FOUND")]),
])
def test_invalid_rewards_are_refused_with_codes(manage_discounts_api, payload, expected):
    result = manage_discounts_api.query(CREATE, {"input": payload})["loyaltyRewardCreate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == expected
    assert Reward.objects.count() == 0


def test_only_staff_with_manage_discounts_manage_rewards(staff_api, customer_api):
    payload = {"input": {"name": "x", "kind": "VOUCHER", "pointsCost": 10, "discountValue": "5"}}
    for api in (staff_api, customer_api):
        result = api.query(CREATE, payload)["loyaltyRewardCreate"]
        assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert Reward.objects.count() == 0


def test_anyone_lists_the_mall_with_minimum_tiers(api_client, gift_card_reward, gold_tier):
    Reward.objects.create(name="Gold mug", kind="voucher", points_cost=2000,
                          discount_value=Decimal(20), minimum_tier=gold_tier)

    nodes = [e["node"] for e in api_client.query(REWARDS)["loyaltyRewards"]["edges"]]

    assert nodes == [
        {"name": "10 off", "pointsCost": 1000, "stock": 5, "minimumTier": None},
        {"name": "Gold mug", "pointsCost": 2000, "stock": None, "minimumTier": {"name": "Gold"}},
    ]


def test_member_buys_a_voucher_reward_with_points(customer_api, member, gift_card_reward):
    credit_points(member, 1500, "bonus:lot")

    result = customer_api.query(REDEEM, {"id": gid("LoyaltyReward", gift_card_reward)})["loyaltyRewardRedeem"]

    assert result["errors"] == []
    assert result["member"]["pointsBalance"] == 500
    coupon = result["coupon"]
    assert (coupon["kind"], coupon["status"], coupon["pointsSpent"]) == ("REWARD", "ACTIVE", 1000)
    assert Decimal(str(coupon["discountValue"])) == Decimal(10)
    gift_card_reward.refresh_from_db()
    assert gift_card_reward.stock == 4


def test_a_product_reward_makes_one_unit_free_at_checkout(customer_api, member, shop):
    mug = shop.add_variant("Mug", "12.00")
    reward = Reward.objects.create(name="Free mug", kind="product", points_cost=800, variant=mug)
    credit_points(member, 800, "bonus:lot")
    code = customer_api.query(REDEEM, {"id": gid("LoyaltyReward", reward)})["loyaltyRewardRedeem"]["coupon"]["code"]
    checkout_id = create_checkout(customer_api, [(mug, 2)])

    total = ship_and_pay(customer_api, checkout_id, shop.shipping_method, promo_code=code)

    assert Decimal(str(total)) == Decimal("22.00")  # 2 x 12 + 10 shipping - one mug


@pytest.mark.parametrize("balance, stock, tier_needed, code", [
    (500, 5, False, "INSUFFICIENT_POINTS"),
    (5000, 0, False, "OUT_OF_STOCK"),
    (5000, 5, True, "TIER_TOO_LOW"),
])
def test_redemptions_the_member_cannot_make_are_refused_and_change_nothing(
    customer_api, member, gift_card_reward, gold_tier, balance, stock, tier_needed, code
):
    credit_points(member, balance, "bonus:lot")
    Reward.objects.filter(pk=gift_card_reward.pk).update(
        stock=stock, minimum_tier=gold_tier if tier_needed else None)
    before = ledger_state(member)

    result = customer_api.query(REDEEM, {"id": gid("LoyaltyReward", gift_card_reward)})["loyaltyRewardRedeem"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id" if code != "INSUFFICIENT_POINTS" else "points", code)]
    assert ledger_state(member) == before
    assert Reward.objects.get().stock == stock
    assert not Coupon.objects.filter(kind="reward").exists()


def test_unknown_rewards_answer_not_found(customer_api, member):
    result = customer_api.query(REDEEM, {"id": "TG95YWx0eVJld2FyZDo5OTk="})["loyaltyRewardRedeem"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "NOT_FOUND")]


def test_a_tier_that_rewards_need_cannot_be_deleted(manage_users_api, gold_tier):
    Reward.objects.create(name="Gold mug", kind="voucher", points_cost=10,
                          discount_value=Decimal(2), minimum_tier=gold_tier)

    result = manage_users_api.query(
        "mutation($id: ID!) { loyaltyTierDelete(id: $id) { errors { field code } } }",
        {"id": graphene.Node.to_global_id("LoyaltyTier", gold_tier.pk)},
    )["loyaltyTierDelete"]

    assert result["errors"] == [{"field": "id", "code": "INVALID"}]
    assert Reward.objects.get().minimum_tier == gold_tier
