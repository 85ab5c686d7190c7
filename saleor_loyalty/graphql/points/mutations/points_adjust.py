import graphene
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_member_or_error
from saleor_loyalty.graphql.members.types import LoyaltyMember
from saleor_loyalty.graphql.points.types import LoyaltyTransaction
from saleor_loyalty.host.graphql import signed_in_user
from saleor_loyalty.host.permissions import MANAGE_USERS
from saleor_loyalty.points.adjustments import adjust_points


class LoyaltyPointsAdjust(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)
    transaction = graphene.Field(LoyaltyTransaction)

    class Arguments:
        member = graphene.ID(required=True, description="ID of the LoyaltyMember.")
        points = graphene.Int(
            required=True, description="Points to add (positive) or remove (negative)."
        )
        reason = graphene.String(required=True, description="Why; kept in the ledger.")
        idempotency_key = graphene.String(
            description=(
                "Send the same key again for the same member to retry without adjusting "
                "twice (at most 150 characters; another member's key does not count)."
            )
        )

    class Meta:
        description = "Staff (MANAGE_USERS): add or remove points with a reason; audited."
        permissions = (MANAGE_USERS,)

    @classmethod
    def perform_mutation(cls, _root, info, member, points, reason, idempotency_key=None):
        member = get_member_or_error(member, "member")
        row = adjust_points(
            member, points, reason, signed_in_user(info.context),
            load_program(), timezone.now(), idempotency_key=idempotency_key,
        )
        member.refresh_from_db()
        return cls(member=member, transaction=row, errors=[])
