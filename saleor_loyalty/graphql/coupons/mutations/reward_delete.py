import graphene

from saleor_loyalty.coupons import points_mall as rewards
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_reward_or_error
from saleor_loyalty.graphql.coupons.types import LoyaltyReward
from saleor_loyalty.host.permissions import MANAGE_DISCOUNTS


class LoyaltyRewardDelete(LoyaltyMutation):
    reward = graphene.Field(LoyaltyReward, description="The removed reward, as it was.")

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Staff (MANAGE_DISCOUNTS): remove a reward; coupons bought stay valid."
        permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, id):
        return cls(reward=rewards.delete_reward(get_reward_or_error(id, "id")), errors=[])
