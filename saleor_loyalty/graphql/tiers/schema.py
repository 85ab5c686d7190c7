import graphene

from saleor_loyalty.graphql.tiers.mutations.tier_create import LoyaltyTierCreate
from saleor_loyalty.graphql.tiers.mutations.tier_delete import LoyaltyTierDelete
from saleor_loyalty.graphql.tiers.mutations.tier_paid_membership_set import (
    LoyaltyTierPaidMembershipSet,
)
from saleor_loyalty.graphql.tiers.mutations.tier_update import LoyaltyTierUpdate


class TiersMutations(graphene.ObjectType):
    loyalty_tier_create = LoyaltyTierCreate.Field()
    loyalty_tier_update = LoyaltyTierUpdate.Field()
    loyalty_tier_delete = LoyaltyTierDelete.Field()
    loyalty_tier_paid_membership_set = LoyaltyTierPaidMembershipSet.Field()
