import graphene
from django.utils import timezone

from ... import members
from ...program import load_program
from ..core.mutations import LoyaltyMutation
from ..types import LoyaltyCoupon, LoyaltyMember


class LoyaltyJoinInput(graphene.InputObjectType):
    birthday = graphene.Date(description="The member's birthday, for birthday gifts.")
    referral_code = graphene.String(description="Code of the member who referred you.")


class LoyaltyJoin(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)
    coupon = graphene.Field(LoyaltyCoupon, description="The welcome coupon, if the program gives one.")

    class Arguments:
        input = LoyaltyJoinInput(required=False)

    class Meta:
        description = "Customer: join the program (welcome coupon, referral link)."
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info, input=None):
        input = input or {}
        member = members.join(
            info.context.user,
            load_program(),
            today=timezone.localdate(),
            birthday=input.get("birthday"),
            referral_code=input.get("referral_code"),
        )
        return cls(member=member, coupon=member.welcome_coupon, errors=[])
