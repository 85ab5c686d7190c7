import graphene
from django.utils import timezone

from ... import coupons
from ...program import load_program
from ..core.mutations import LoyaltyMutation
from ..types import LoyaltyCoupon, LoyaltyMember
from ..utils import get_requester_member_or_error


class LoyaltyRedeemPoints(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)
    coupon = graphene.Field(LoyaltyCoupon)

    class Arguments:
        points = graphene.Int(required=True, description="Points to turn into a discount code.")

    class Meta:
        description = (
            "Customer: turn points into a single-use discount code only this customer can use."
        )
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info, points):
        member = get_requester_member_or_error(info)
        coupon = coupons.redeem_points(member, points, load_program(), timezone.now())
        member.refresh_from_db()
        return cls(member=member, coupon=coupon, errors=[])
