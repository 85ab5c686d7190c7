import graphene
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons import points_mall as rewards
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_requester_member_or_error, get_reward_or_error
from saleor_loyalty.graphql.coupons.types import LoyaltyCoupon
from saleor_loyalty.graphql.members.types import LoyaltyMember


class LoyaltyRewardRedeem(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)
    coupon = graphene.Field(LoyaltyCoupon)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the LoyaltyReward.")

    class Meta:
        description = "Customer: buy a points-mall reward."
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info, id):
        member = get_requester_member_or_error(info)
        reward = get_reward_or_error(id, "id")
        coupon = rewards.redeem_reward(member, reward.pk, load_program(), timezone.now())
        member.refresh_from_db()
        return cls(member=member, coupon=coupon, errors=[])
