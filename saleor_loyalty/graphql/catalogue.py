"""Loyalty fields on Saleor's catalogue: `Product.loyalty`, `ProductVariant.memberPrice`
and, for staff, `ProductVariant.loyaltyMemberPrices`."""
import graphene
from promise import Promise
from prices import Money as Prices

from ..host.graphql import Money, variant_shop_price
from ..host.permissions import MANAGE_PRODUCTS
from ..host.products import customer_id
from ..member_products import may_buy
from .dataloaders import (
    REQUESTER,
    MemberPricesByVariantIdLoader,
    ProductAccessByProductIdLoader,
    RequesterPricingLoader,
    RequesterTierLoader,
    TierByIdLoader,
)
from .decorators import staff_required
from .types import LoyaltyTier



class ProductLoyaltyInfo(graphene.ObjectType):
    member_only = graphene.Boolean(required=True)
    minimum_tier = graphene.Field(
        LoyaltyTier, description="Lowest tier that may see and buy this product; null when open to all."
    )
    purchasable = graphene.Boolean(
        required=True, description="Whether the requesting customer may buy it."
    )

    class Meta:
        description = "Member-only and member-price information for the requesting customer."


def resolve_product_loyalty(root, info):
    access = ProductAccessByProductIdLoader(info.context).load(root.pk)
    requester_tier = RequesterTierLoader(info.context).load(REQUESTER)

    def build(results):
        rule, tier = results
        if rule is None:
            return ProductLoyaltyInfo(member_only=False, minimum_tier=None, purchasable=True)
        return TierByIdLoader(info.context).load(rule.minimum_tier_id).then(
            lambda minimum: ProductLoyaltyInfo(
                member_only=True,
                minimum_tier=minimum,
                purchasable=may_buy(minimum.rank, tier.rank if tier else None),
            )
        )

    return Promise.all([access, requester_tier]).then(build)


def resolve_member_price(root, info):
    if customer_id(info.context.user) is None:
        return None
    pricing = RequesterPricingLoader(info.context).load(root.pk)
    shop_price = variant_shop_price(info.context, root)

    def build(results):
        member_pricing, price = results
        if price is None:
            return None
        unit = member_pricing.unit_price(root.pk, price.amount)
        return None if unit is None else Prices(unit, price.currency)

    return Promise.all([pricing, shop_price]).then(build)


class LoyaltyMemberPrice(graphene.ObjectType):
    tier = graphene.Field(LoyaltyTier, required=True)
    price = graphene.Field(Money, required=True)

    class Meta:
        description = "The price members of a tier (and of the tiers above it) pay for a variant."


@staff_required(MANAGE_PRODUCTS)
def resolve_variant_member_prices(root, info):
    return MemberPricesByVariantIdLoader(info.context).load(root.pk).then(
        lambda rows: [
            LoyaltyMemberPrice(tier=row.tier, price=Prices(row.price_amount, row.currency))
            for row in rows
        ]
    )


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
