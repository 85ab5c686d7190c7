import graphene

from saleor_loyalty.coupons import points_mall as rewards
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_reward_or_error
from saleor_loyalty.graphql.coupons.mutations.reward_create import (
    LoyaltyRewardInput,
    reward_changes,
)
from saleor_loyalty.graphql.coupons.types import LoyaltyReward
from saleor_loyalty.host.permissions import MANAGE_DISCOUNTS


class LoyaltyRewardUpdate(LoyaltyMutation):
    reward = graphene.Field(LoyaltyReward)

    class Arguments:
        id = graphene.ID(required=True)
        input = LoyaltyRewardInput(required=True)

    class Meta:
        description = "Staff (MANAGE_DISCOUNTS): change a reward; fields left out stay as they are."
        permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, id, input):
        reward = get_reward_or_error(id, "id")
        return cls(reward=rewards.save_reward(reward, reward_changes(input)), errors=[])
