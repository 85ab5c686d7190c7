import graphene
from django.db import transaction

from ... import member_products
from ...host.graphql import Product, ProductCreateInput, create_product
from ...host.permissions import MANAGE_PRODUCTS
from ..core.mutations import LoyaltyMutation
from ..utils import get_product_or_error, get_tier_or_error


class LoyaltyProductSetMemberOnly(LoyaltyMutation):
    product = graphene.Field(Product)

    class Arguments:
        product = graphene.ID(required=True, description="ID of the Product.")
        minimum_tier = graphene.ID(
            description="Lowest LoyaltyTier that may see and buy it; null opens it to everyone."
        )

    class Meta:
        description = "Staff (MANAGE_PRODUCTS): make a product member-only, or open it again."
        permissions = (MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, product, minimum_tier=None):
        product = get_product_or_error(product, "product")
        tier = get_tier_or_error(minimum_tier, "minimumTier") if minimum_tier else None
        member_products.set_member_only(product.pk, tier)
        return cls(product=product, errors=[])


class LoyaltyMemberProductCreate(LoyaltyMutation):
    product = graphene.Field(Product)

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
