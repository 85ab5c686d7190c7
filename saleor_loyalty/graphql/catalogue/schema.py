import graphene

from saleor_loyalty.graphql.catalogue.mutations.member_price_delete import (
    LoyaltyMemberPriceDelete,
)
from saleor_loyalty.graphql.catalogue.mutations.member_price_set import LoyaltyMemberPriceSet
from saleor_loyalty.graphql.catalogue.mutations.member_product_create import (
    LoyaltyMemberProductCreate,
)
from saleor_loyalty.graphql.catalogue.mutations.product_set_member_only import (
    LoyaltyProductSetMemberOnly,
)
from saleor_loyalty.graphql.catalogue.resolvers import resolve_loyalty_exclusive_products
from saleor_loyalty.host.graphql import CountableConnectionField, Product


class CatalogueQueries(graphene.ObjectType):
    loyalty_exclusive_products = CountableConnectionField(
        Product,
        required=True,
        description=(
            "Member-only products the requesting customer may buy (all of them for staff "
            "who manage products)."
        ),
    )

    def resolve_loyalty_exclusive_products(self, info, **_kwargs):
        return resolve_loyalty_exclusive_products(info)


class CatalogueMutations(graphene.ObjectType):
    loyalty_member_price_set = LoyaltyMemberPriceSet.Field()
    loyalty_member_price_delete = LoyaltyMemberPriceDelete.Field()
    loyalty_product_set_member_only = LoyaltyProductSetMemberOnly.Field()
    loyalty_member_product_create = LoyaltyMemberProductCreate.Field()
