from prices import Money as Prices
from promise import Promise

from saleor_loyalty.catalogue import member_only as member_products
from saleor_loyalty.catalogue.member_only import may_buy
from saleor_loyalty.graphql.catalogue.dataloaders import (
    REQUESTER,
    MemberPricesByVariantIdLoader,
    ProductAccessByProductIdLoader,
    RequesterPricingLoader,
    RequesterTierLoader,
)
from saleor_loyalty.graphql.catalogue.types import LoyaltyMemberPrice, ProductLoyaltyInfo
from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.graphql.tiers.dataloaders import TierByIdLoader
from saleor_loyalty.host.graphql import model_of, request_user, variant_member_base
from saleor_loyalty.host.permissions import MANAGE_PRODUCTS
from saleor_loyalty.host.products import customer_id, sees_all_products


def resolve_loyalty_exclusive_products(info):
    user = request_user(info.context)
    return member_products.exclusive_products(user, sees_all_products(user)).order_by("name", "pk")


def resolve_product_loyalty(root, info):
    access = ProductAccessByProductIdLoader(info.context).load(model_of(root).pk)
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
    """What the signed-in customer pays for one unit in the root's channel, when below
    the shop's price: exactly what Saleor charges their checkout lines."""
    if customer_id(info.context.user) is None:
        return None
    variant = model_of(root)

    def with_base(based):
        if based is None:
            return None
        base, after_promotion = based

        def price(member_pricing):
            unit = member_pricing.unit_price(variant.pk, base.amount)
            return None if unit is None else after_promotion(Prices(unit, base.currency))

        return RequesterPricingLoader(info.context).load((variant.pk, base.currency)).then(price)

    return variant_member_base(info.context, root).then(with_base)


@staff_required(MANAGE_PRODUCTS)
def resolve_variant_member_prices(root, info):
    return MemberPricesByVariantIdLoader(info.context).load(model_of(root).pk).then(
        lambda rows: [
            LoyaltyMemberPrice(tier=row.tier, price=Prices(row.price_amount, row.currency))
            for row in rows
        ]
    )
