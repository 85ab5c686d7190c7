"""Twenty real concurrent sessions buying the last unit of a reward, or spending the
same points, through Saleor's GraphQL endpoint: one wins, the others are refused."""
from decimal import Decimal

import graphene
import pytest

from saleor_loyalty.coupons.models import Coupon, Reward
from saleor_loyalty.members.models import Member
from tests.fixtures.api import ApiClient
from tests.fixtures.concurrency import run_concurrently
from tests.fixtures.loyalty import credit_points, make_member
from tests.fixtures.users import PASSWORD, create_customer

REWARD_REDEEM = """
mutation($id: ID!) { loyaltyRewardRedeem(id: $id) { coupon { code } errors { code } } }
"""
POINTS_REDEEM = """
mutation($points: Int!) { loyaltyRedeemPoints(points: $points) { coupon { code } errors { code } } }
"""


def _outcome(payload):
    if payload["errors"]:
        return ("refused", payload["errors"][0]["code"])
    return ("ok", payload["coupon"]["code"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_members_racing_for_the_last_unit_buy_it_once():
    reward = Reward.objects.create(name="Last one", kind="voucher", points_cost=100,
                                   discount_value=Decimal(5), stock=1)
    apis = []
    for i in range(20):
        user = create_customer(f"racer{i}@example.com")
        credit_points(make_member(user), 100, f"bonus:racer{i}")
        apis.append(ApiClient().login(user.email, PASSWORD))
    reward_gid = graphene.Node.to_global_id("LoyaltyReward", reward.pk)

    outcomes = [
        _outcome(payload["loyaltyRewardRedeem"])
        for payload in (o[1] for o in run_concurrently(
            [lambda api=api: api.query(REWARD_REDEEM, {"id": reward_gid}) for api in apis]))
    ]

    assert sorted(o[0] for o in outcomes) == ["ok"] + ["refused"] * 19
    assert {o[1] for o in outcomes if o[0] == "refused"} == {"OUT_OF_STOCK"}
    assert Reward.objects.get().stock == 0
    assert Coupon.objects.filter(kind="reward").count() == 1
    assert sorted(Member.objects.values_list("points_balance", flat=True)) == [0] + [100] * 19


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_sessions_redeeming_the_same_points_spend_them_once():
    user = create_customer("spender@example.com")
    member = make_member(user)
    credit_points(member, 500, "bonus:spender")
    apis = [ApiClient().login(user.email, PASSWORD) for _ in range(20)]

    outcomes = [
        _outcome(o[1]["loyaltyRedeemPoints"])
        for o in run_concurrently(
            [lambda api=api: api.query(POINTS_REDEEM, {"points": 500}) for api in apis])
    ]

    assert sorted(o[0] for o in outcomes) == ["ok"] + ["refused"] * 19
    assert {o[1] for o in outcomes if o[0] == "refused"} == {"INSUFFICIENT_POINTS"}
    member.refresh_from_db()
    assert member.points_balance == 0
    assert Coupon.objects.filter(kind="points_redemption").count() == 1
