import graphene

from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_tier_or_error
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.permissions import MANAGE_USERS
from saleor_loyalty.tiers import definitions as tiers


class LoyaltyTierDelete(LoyaltyMutation):
    tier = graphene.Field(LoyaltyTier, description="The removed tier, as it was.")

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = (
            "Staff (MANAGE_USERS): remove a tier; its members move to the next lower tier."
        )
        permissions = (MANAGE_USERS,)

    @classmethod
    def perform_mutation(cls, _root, _info, id):
        return cls(tier=tiers.delete_tier(get_tier_or_error(id, "id")), errors=[])
