import graphene

from saleor_loyalty.engagement import referrals
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_requester_member_or_error
from saleor_loyalty.graphql.members.types import LoyaltyMember


class LoyaltyReferralCodeApply(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)

    class Arguments:
        referral_code = graphene.String(required=True, description="The referrer's code.")

    class Meta:
        description = (
            "Customer: a member who joined without a code and has not ordered yet names "
            "the member who referred them."
        )
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info, referral_code):
        member = get_requester_member_or_error(info)
        return cls(member=referrals.apply_code(member, referral_code), errors=[])
