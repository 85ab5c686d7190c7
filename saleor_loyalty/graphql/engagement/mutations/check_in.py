import graphene
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement import checkins
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_requester_member_or_error
from saleor_loyalty.graphql.members.types import LoyaltyMember


class LoyaltyCheckIn(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)
    points_awarded = graphene.Int(description="Points of this check-in, streak bonus included.")
    streak = graphene.Int(description="Days in a row the member has checked in, today included.")

    class Meta:
        description = (
            "Customer: daily check-in; at most once per calendar day in the shop time zone."
        )
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info):
        member = get_requester_member_or_error(info)
        visit, points = checkins.check_in(member, load_program(), timezone.now())
        member.refresh_from_db()
        return cls(member=member, points_awarded=points, streak=visit.streak, errors=[])
