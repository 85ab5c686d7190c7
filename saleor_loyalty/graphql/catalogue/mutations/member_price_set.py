import graphene
from prices import Money as Prices

from saleor_loyalty.catalogue import member_prices as pricing
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_tier_or_error, get_variant_or_error
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import Decimal, Money, ProductVariant, SaleorTypeField
from saleor_loyalty.host.permissions import MANAGE_PRODUCTS


class MemberPriceArguments:
    variant = graphene.ID(required=True, description="ID of the ProductVariant.")
    tier = graphene.ID(
        required=True, description="ID of the LoyaltyTier; its members and those above pay the price."
    )
    currency = graphene.String(
        description=(
            "Currency of the price (default: the program's currency); the price applies in "
            "every channel selling in it."
        )
    )


class LoyaltyMemberPriceSet(LoyaltyMutation):
    variant = SaleorTypeField(ProductVariant)
    tier = graphene.Field(LoyaltyTier)
    price = graphene.Field(Money)

    class Arguments(MemberPriceArguments):
        price = Decimal(required=True, description="Price of one unit, above 0.")

    class Meta:
        description = (
            "Staff (MANAGE_PRODUCTS): set what members of a tier pay for a variant in a "
            "currency."
        )
        permissions = (MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, variant, tier, price, currency=None):
        variant = get_variant_or_error(variant, "variant")
        tier = get_tier_or_error(tier, "tier")
        member_price = pricing.set_member_price(variant.pk, tier, price, currency)
        return cls(
            variant=variant,
            tier=tier,
            price=Prices(member_price.price_amount, member_price.currency),
            errors=[],
        )
