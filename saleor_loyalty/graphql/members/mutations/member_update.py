import graphene
from django.utils import timezone

from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_requester_member_or_error
from saleor_loyalty.graphql.members.types import LoyaltyMember
from saleor_loyalty.host.graphql import Date
from saleor_loyalty.members import joining as members


class LoyaltyMemberUpdateInput(graphene.InputObjectType):
    birthday = Date(
        description="For the birthday gift, which needs it set 30 days before the birthday."
    )
    email_notifications = graphene.Boolean(description="Receive loyalty e-mails.")


class LoyaltyMemberUpdate(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)

    class Arguments:
        input = LoyaltyMemberUpdateInput(required=True)

    class Meta:
        description = "Customer: change your birthday or e-mail preference."
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info, input):
        member = get_requester_member_or_error(info)
        members.update_member(member, timezone.localdate(), timezone.now(), **dict(input))
        return cls(member=member, errors=[])
