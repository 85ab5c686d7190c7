import graphene

from saleor_loyalty.catalogue import member_only as member_products
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_product_or_error, get_tier_or_error
from saleor_loyalty.host.graphql import DateTime, Product, SaleorTypeField
from saleor_loyalty.host.permissions import MANAGE_PRODUCTS


class LoyaltyProductSetMemberOnly(LoyaltyMutation):
    product = SaleorTypeField(Product)

    class Arguments:
        product = graphene.ID(required=True, description="ID of the Product.")
        minimum_tier = graphene.ID(
            description="Lowest LoyaltyTier that may see and buy it; null opens it to everyone."
        )
        public_from = DateTime(
            description=(
                "Early access: member-only until this moment, public for everybody from it; "
                "null keeps it member-only for good."
            )
        )

    class Meta:
        description = (
            "Staff (MANAGE_PRODUCTS): make a product member-only (for good, or until "
            "`publicFrom`: early access), or open it again."
        )
        permissions = (MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, product, minimum_tier=None, public_from=None):
        product = get_product_or_error(product, "product")
        tier = get_tier_or_error(minimum_tier, "minimumTier") if minimum_tier else None
        member_products.set_member_only(product.pk, tier, public_from)
        return cls(product=product, errors=[])
