import graphene

from saleor_loyalty.catalogue import member_prices as pricing
from saleor_loyalty.graphql.catalogue.mutations.member_price_set import MemberPriceArguments
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_tier_or_error, get_variant_or_error
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import ProductVariant, SaleorTypeField
from saleor_loyalty.host.permissions import MANAGE_PRODUCTS


class LoyaltyMemberPriceDelete(LoyaltyMutation):
    variant = SaleorTypeField(ProductVariant)
    tier = graphene.Field(LoyaltyTier)

    class Arguments(MemberPriceArguments):
        pass

    class Meta:
        description = "Staff (MANAGE_PRODUCTS): remove a tier's member price of a variant in a currency."
        permissions = (MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, variant, tier, currency=None):
        variant = get_variant_or_error(variant, "variant")
        tier = get_tier_or_error(tier, "tier")
        pricing.delete_member_price(variant.pk, tier, currency)
        return cls(variant=variant, tier=tier, errors=[])
