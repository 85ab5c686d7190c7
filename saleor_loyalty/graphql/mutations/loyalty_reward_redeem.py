import graphene
from django.utils import timezone

from ... import rewards
from ...program import load_program
from ..core.mutations import LoyaltyMutation
from ..types import LoyaltyCoupon, LoyaltyMember
from ..utils import get_requester_member_or_error, get_reward_or_error


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
