"""Loyalty fields on Saleor's catalogue: `Product.loyalty`, `ProductVariant.memberPrice`
and, for staff, `ProductVariant.loyaltyMemberPrices`."""
import graphene

from saleor_loyalty.graphql.catalogue.resolvers import (
    resolve_member_price,
    resolve_product_loyalty,
    resolve_variant_member_prices,
)
from saleor_loyalty.graphql.catalogue.types import LoyaltyMemberPrice, ProductLoyaltyInfo
from saleor_loyalty.host.graphql import Money

PRODUCT_LOYALTY_FIELD = graphene.Field(
    ProductLoyaltyInfo,
    description="Member-only and member-price information for the requesting customer.",
    resolver=resolve_product_loyalty,
)
MEMBER_PRICE_FIELD = graphene.Field(
    Money,
    description=(
        "Price a member of the requesting customer's tier pays for one unit (member "
        "price or tier discount, whichever is lower); null when no member price applies."
    ),
    resolver=resolve_member_price,
)
VARIANT_MEMBER_PRICES_FIELD = graphene.Field(
    graphene.List(graphene.NonNull(LoyaltyMemberPrice)),
    description="Staff (MANAGE_PRODUCTS): the member prices set on this variant, per tier.",
    resolver=resolve_variant_member_prices,
)
