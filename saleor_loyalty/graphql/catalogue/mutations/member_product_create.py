import graphene
from django.db import transaction

from saleor_loyalty.catalogue import member_only as member_products
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_tier_or_error
from saleor_loyalty.host.graphql import (
    Product,
    ProductCreateInput,
    SaleorTypeField,
    create_product,
)
from saleor_loyalty.host.permissions import MANAGE_PRODUCTS


class LoyaltyMemberProductCreate(LoyaltyMutation):
    product = SaleorTypeField(Product)

    class Arguments:
        input = ProductCreateInput(required=True, description="As Saleor's productCreate takes it.")
        minimum_tier = graphene.ID(
            required=True, description="Lowest LoyaltyTier that may see and buy it."
        )

    class Meta:
        description = (
            "Staff (MANAGE_PRODUCTS): create a product that is member-only from its first "
            "moment (product and rule are saved in one transaction)."
        )
        permissions = (MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, info, input, minimum_tier):
        tier = get_tier_or_error(minimum_tier, "minimumTier")
        with transaction.atomic():
            product = create_product(info, input)
            member_products.set_member_only(product.pk, tier)
        return cls(product=product, errors=[])
