"""Saleor's schema with the loyalty queries, mutations and fields added to its types."""
import graphene

from ..host.graphql import (
    Product,
    ProductVariant,
    SaleorMutation,
    SaleorQuery,
    User,
    build_schema,
    resolve_product,
    restrict_category_products,
)
from ..host.products import sees_all_products
from ..member_products import visible_products_filter
from .catalogue import MEMBER_PRICE_FIELD, PRODUCT_LOYALTY_FIELD, VARIANT_MEMBER_PRICES_FIELD
from .checkout_guards import guarded_checkout_mutations
from .resolvers import resolve_user_loyalty
from .schema import LoyaltyMutations, LoyaltyQueries
from .types import LoyaltyMember

User._meta.fields["loyalty"] = graphene.Field(
    LoyaltyMember,
    description="Loyalty membership of this user; null when the user has not joined.",
    resolver=resolve_user_loyalty,
)
Product._meta.fields["loyalty"] = PRODUCT_LOYALTY_FIELD
ProductVariant._meta.fields["member_price"] = MEMBER_PRICE_FIELD
ProductVariant._meta.fields["loyalty_member_prices"] = VARIANT_MEMBER_PRICES_FIELD
restrict_category_products(visible_products_filter, sees_all_products)


class Query(LoyaltyQueries, SaleorQuery):
    def resolve_product(self, info, id=None, slug=None):
        return resolve_product(info, id=id, slug=slug)


# Saleor's checkout mutations under their own names, guarded by the member-only rule.
Mutation = type("Mutation", (LoyaltyMutations, SaleorMutation), guarded_checkout_mutations())

schema = build_schema(Query, mutation=Mutation)
