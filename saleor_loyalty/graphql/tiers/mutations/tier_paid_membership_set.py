import graphene

from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_tier_or_error, parse_global_id
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.permissions import MANAGE_USERS
from saleor_loyalty.tiers import paid_membership


class LoyaltyTierPaidMembershipSet(LoyaltyMutation):
    tier = graphene.Field(LoyaltyTier)

    class Arguments:
        tier = graphene.ID(required=True, description="ID of the LoyaltyTier.")
        variant = graphene.ID(
            description=(
                "The ProductVariant (of a product type that needs no shipping) customers "
                "buy to hold the tier; null to stop selling the tier. It must be one "
                "customers can check out: published, with stock in a warehouse that serves "
                "a shipping zone (NOT_PURCHASABLE otherwise)."
            )
        )
        duration_days = graphene.Int(description="How long one purchase holds the tier.")

    class Meta:
        description = "Staff (MANAGE_USERS): sell a tier as a paid membership."
        permissions = (MANAGE_USERS,)

    @classmethod
    def perform_mutation(cls, _root, _info, tier, variant=None, duration_days=None):
        tier = get_tier_or_error(tier, "tier")
        variant_pk = parse_global_id(variant, "ProductVariant") if variant else None
        tier = paid_membership.set_paid_membership(
            tier, variant_pk, duration_days, variant_given=variant is not None
        )
        return cls(tier=tier, errors=[])
