import graphene

from ..host.permissions import MANAGE_USERS
from .decorators import staff_required
from .mutations.loyalty_join import LoyaltyJoin
from .mutations.loyalty_points_adjust import LoyaltyPointsAdjust
from .mutations.loyalty_tier import LoyaltyTierCreate, LoyaltyTierDelete, LoyaltyTierUpdate
from .mutations.loyalty_tier_paid_membership_set import LoyaltyTierPaidMembershipSet
from .resolvers import resolve_loyalty_member, resolve_loyalty_program
from .types import LoyaltyMember, LoyaltyProgram


class LoyaltyQueries(graphene.ObjectType):
    loyalty_program = graphene.Field(
        LoyaltyProgram,
        required=True,
        description="Public program rules and tiers for storefront display.",
    )
    loyalty_member = graphene.Field(
        LoyaltyMember,
        id=graphene.ID(description="ID of the LoyaltyMember."),
        email=graphene.String(description="E-mail of the member's account."),
        description="Staff (MANAGE_USERS): one member, by ID or e-mail.",
    )

    def resolve_loyalty_program(self, info):
        return resolve_loyalty_program(info)

    @staff_required(MANAGE_USERS)
    def resolve_loyalty_member(self, info, id=None, email=None):
        return resolve_loyalty_member(id, email)


class LoyaltyMutations(graphene.ObjectType):
    loyalty_join = LoyaltyJoin.Field()
    loyalty_points_adjust = LoyaltyPointsAdjust.Field()
    loyalty_tier_create = LoyaltyTierCreate.Field()
    loyalty_tier_update = LoyaltyTierUpdate.Field()
    loyalty_tier_delete = LoyaltyTierDelete.Field()
    loyalty_tier_paid_membership_set = LoyaltyTierPaidMembershipSet.Field()
