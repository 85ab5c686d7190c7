import graphene

from saleor_loyalty.graphql.coupons.mutations.redeem_points import LoyaltyRedeemPoints
from saleor_loyalty.graphql.coupons.mutations.reward_create import LoyaltyRewardCreate
from saleor_loyalty.graphql.coupons.mutations.reward_delete import LoyaltyRewardDelete
from saleor_loyalty.graphql.coupons.mutations.reward_redeem import LoyaltyRewardRedeem
from saleor_loyalty.graphql.coupons.mutations.reward_update import LoyaltyRewardUpdate
from saleor_loyalty.graphql.coupons.resolvers import resolve_loyalty_rewards
from saleor_loyalty.graphql.coupons.types import LoyaltyReward
from saleor_loyalty.host.graphql import CountableConnectionField


class CouponsQueries(graphene.ObjectType):
    loyalty_rewards = CountableConnectionField(
        LoyaltyReward,
        required=True,
        description=(
            "Points mall; rewards above the requester's tier are listed but marked by "
            "minimumTier."
        ),
    )

    def resolve_loyalty_rewards(self, _info, **_kwargs):
        return resolve_loyalty_rewards()


class CouponsMutations(graphene.ObjectType):
    loyalty_redeem_points = LoyaltyRedeemPoints.Field()
    loyalty_reward_redeem = LoyaltyRewardRedeem.Field()
    loyalty_reward_create = LoyaltyRewardCreate.Field()
    loyalty_reward_update = LoyaltyRewardUpdate.Field()
    loyalty_reward_delete = LoyaltyRewardDelete.Field()
