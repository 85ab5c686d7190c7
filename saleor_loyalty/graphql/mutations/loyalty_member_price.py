import graphene
from prices import Money as Prices

from ... import pricing
from ...host.graphql import Decimal, Money, ProductVariant
from ...host.permissions import MANAGE_PRODUCTS
from ..core.mutations import LoyaltyMutation
from ..types import LoyaltyTier
from ..utils import get_tier_or_error, get_variant_or_error


class MemberPriceArguments:
    variant = graphene.ID(required=True, description="ID of the ProductVariant.")
    tier = graphene.ID(
        required=True, description="ID of the LoyaltyTier; its members and those above pay the price."
    )


class LoyaltyMemberPriceSet(LoyaltyMutation):
    variant = graphene.Field(ProductVariant)
    tier = graphene.Field(LoyaltyTier)
    price = graphene.Field(Money)

    class Arguments(MemberPriceArguments):
        price = Decimal(required=True, description="Price of one unit, above 0.")

    class Meta:
        description = "Staff (MANAGE_PRODUCTS): set what members of a tier pay for a variant."
        permissions = (MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, variant, tier, price):
        variant = get_variant_or_error(variant, "variant")
        tier = get_tier_or_error(tier, "tier")
        member_price = pricing.set_member_price(variant.pk, tier, price)
        return cls(
            variant=variant,
            tier=tier,
            price=Prices(member_price.price_amount, member_price.currency),
            errors=[],
        )


class LoyaltyMemberPriceDelete(LoyaltyMutation):
    variant = graphene.Field(ProductVariant)
    tier = graphene.Field(LoyaltyTier)

    class Arguments(MemberPriceArguments):
        pass

    class Meta:
        description = "Staff (MANAGE_PRODUCTS): remove a tier's member price of a variant."
        permissions = (MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, variant, tier):
        variant = get_variant_or_error(variant, "variant")
        tier = get_tier_or_error(tier, "tier")
        pricing.delete_member_price(variant.pk, tier)
        return cls(variant=variant, tier=tier, errors=[])
