import graphene

from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import DateTime, Money


class ProductLoyaltyInfo(graphene.ObjectType):
    member_only = graphene.Boolean(
        required=True, description="Whether only members of `minimumTier` and above see it now."
    )
    minimum_tier = graphene.Field(
        LoyaltyTier,
        description=(
            "Lowest tier that may see and buy this product (before `publicFrom`, when set); "
            "null when it was never member-only."
        ),
    )
    public_from = DateTime(
        description=(
            "Early access: from this moment the product is public, for everybody; null when "
            "it is member-only for good (or open to all)."
        )
    )
    purchasable = graphene.Boolean(
        required=True, description="Whether the requesting customer may buy it."
    )

    class Meta:
        description = "Member-only and member-price information for the requesting customer."


class LoyaltyMemberPrice(graphene.ObjectType):
    tier = graphene.Field(LoyaltyTier, required=True)
    price = graphene.Field(Money, required=True)

    class Meta:
        description = "The price members of a tier (and of the tiers above it) pay for a variant."
