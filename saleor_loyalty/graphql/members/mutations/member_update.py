import graphene
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_requester_member_or_error
from saleor_loyalty.graphql.members.types import LoyaltyMember
from saleor_loyalty.host.graphql import Date
from saleor_loyalty.members import joining as members
from saleor_loyalty.members import profile


class LoyaltyMemberUpdateInput(graphene.InputObjectType):
    birthday = Date(
        description="For the birthday gift, which needs it set 30 days before the birthday."
    )
    email_notifications = graphene.Boolean(description="Receive loyalty e-mails.")
    sms_notifications = graphene.Boolean(
        description="Receive loyalty messages by SMS (through the shop's SMS gateway)."
    )
    push_notifications = graphene.Boolean(
        description="Receive loyalty push notifications (through the shop's push gateway)."
    )


class LoyaltyMemberUpdate(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)
    profile_points_awarded = graphene.Int(
        description=(
            "Points given now for completing the profile (name, birthday, address); 0 when "
            "none (given once per member)."
        )
    )

    class Arguments:
        input = LoyaltyMemberUpdateInput(required=True)

    class Meta:
        description = (
            "Customer: change your birthday or the channels you get loyalty messages on. "
            "Completing the profile gives its points once."
        )
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info, input):
        member = get_requester_member_or_error(info)
        now = timezone.now()
        members.update_member(member, timezone.localdate(), now, **dict(input))
        points = profile.reward_completed_profile(member, load_program(), now)
        return cls(member=member, profile_points_awarded=points, errors=[])
