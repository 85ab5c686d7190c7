import graphene

from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_tier_or_error
from saleor_loyalty.graphql.tiers.mutations.tier_create import LoyaltyTierInput
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.permissions import MANAGE_USERS
from saleor_loyalty.tiers import definitions as tiers


class LoyaltyTierUpdate(LoyaltyMutation):
    tier = graphene.Field(LoyaltyTier)

    class Arguments:
        id = graphene.ID(required=True)
        input = LoyaltyTierInput(required=True)

    class Meta:
        description = "Staff (MANAGE_USERS): change a tier; fields left out stay as they are."
        permissions = (MANAGE_USERS,)

    @classmethod
    def perform_mutation(cls, _root, _info, id, input):
        tier = get_tier_or_error(id, "id")
        return cls(tier=tiers.update_tier(tier, dict(input)), errors=[])
