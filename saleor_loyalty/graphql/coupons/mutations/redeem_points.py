import graphene
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_requester_member_or_error
from saleor_loyalty.graphql.coupons.types import LoyaltyCoupon
from saleor_loyalty.graphql.members.types import LoyaltyMember


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
