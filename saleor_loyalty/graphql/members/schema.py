import graphene

from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.graphql.members.mutations.join import LoyaltyJoin
from saleor_loyalty.graphql.members.mutations.member_update import LoyaltyMemberUpdate
from saleor_loyalty.graphql.members.mutations.members_import import LoyaltyMembersImport
from saleor_loyalty.graphql.members.resolvers import resolve_loyalty_member
from saleor_loyalty.graphql.members.types import LoyaltyMember
from saleor_loyalty.host.permissions import MANAGE_USERS


class MembersQueries(graphene.ObjectType):
    loyalty_member = graphene.Field(
        LoyaltyMember,
        id=graphene.ID(description="ID of the LoyaltyMember."),
        email=graphene.String(description="E-mail of the member's account."),
        description="Staff (MANAGE_USERS): one member, by ID or e-mail.",
    )

    @staff_required(MANAGE_USERS)
    def resolve_loyalty_member(self, info, id=None, email=None):
        return resolve_loyalty_member(id, email)


class MembersMutations(graphene.ObjectType):
    loyalty_join = LoyaltyJoin.Field()
    loyalty_member_update = LoyaltyMemberUpdate.Field()
    loyalty_members_import = LoyaltyMembersImport.Field()
