"""Saleor's schema with the loyalty queries, mutations and fields added to its types."""
from saleor_loyalty.catalogue.member_only import visible_products_filter
from saleor_loyalty.graphql.catalogue.fields import (
    MEMBER_PRICE_FIELD,
    PRODUCT_LOYALTY_FIELD,
    VARIANT_MEMBER_PRICES_FIELD,
)
from saleor_loyalty.graphql.checkout_guards import (
    checkout_payload_fields,
    guarded_checkout_mutations,
)
from saleor_loyalty.graphql.members.fields import USER_LOYALTY_FIELD
from saleor_loyalty.graphql.schema import LoyaltyMutations, LoyaltyQueries
from saleor_loyalty.host import patches
from saleor_loyalty.host.graphql import (
    Product,
    ProductVariant,
    SaleorMutation,
    SaleorQuery,
    User,
    build_schema,
)

patches.install(visible_products_filter, [
    (User, {"loyalty": USER_LOYALTY_FIELD}),
    (Product, {"loyalty": PRODUCT_LOYALTY_FIELD}),
    (ProductVariant, {"member_price": MEMBER_PRICE_FIELD, "loyalty_member_prices": VARIANT_MEMBER_PRICES_FIELD}),
    *checkout_payload_fields(),
])


class Query(LoyaltyQueries, SaleorQuery):
    pass


# Saleor's checkout mutations under their own names, guarded by the member-only rule.
Mutation = type("Mutation", (LoyaltyMutations, SaleorMutation), guarded_checkout_mutations())

schema = build_schema(Query, mutation=Mutation)
