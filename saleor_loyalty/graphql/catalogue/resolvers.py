from prices import Money as Prices

from saleor_loyalty.catalogue import member_only as member_products
from saleor_loyalty.graphql.catalogue.dataloaders import (
    MemberPricesByVariantIdLoader,
    ProductLoyaltyLoader,
    RequesterMemberPriceLoader,
    requester,
)
from saleor_loyalty.graphql.catalogue.types import LoyaltyMemberPrice
from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.host.graphql import model_of, request_user, variant_price_key
from saleor_loyalty.host.permissions import MANAGE_PRODUCTS
from saleor_loyalty.host.products import sees_all_products


def resolve_loyalty_exclusive_products(info):
    user = request_user(info.context)
    return member_products.exclusive_products(user, sees_all_products(user)).order_by("name", "pk")


def resolve_product_loyalty(root, info):
    return ProductLoyaltyLoader(info.context).load(model_of(root).pk)


def resolve_member_price(root, info):
    """What the signed-in customer pays for one unit in the root's channel, when below
    the shop's price: exactly what Saleor charges their checkout lines."""
    if requester(info.context).user_id is None:
        return None
    key = variant_price_key(root)
    return None if key is None else RequesterMemberPriceLoader(info.context).load(key)


@staff_required(MANAGE_PRODUCTS)
def resolve_variant_member_prices(root, info):
    return MemberPricesByVariantIdLoader(info.context).load(model_of(root).pk).then(
        lambda rows: [
            LoyaltyMemberPrice(tier=row.tier, price=Prices(row.price_amount, row.currency))
            for row in rows
        ]
    )
