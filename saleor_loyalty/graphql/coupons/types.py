import graphene
from django.utils import timezone
from graphene import relay
from prices import Money as Prices

from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import Reward
from saleor_loyalty.graphql.coupons.enums import (
    LoyaltyCouponKindEnum,
    LoyaltyCouponStatusEnum,
    LoyaltyRewardKindEnum,
)
from saleor_loyalty.graphql.tiers.dataloaders import TierByIdLoader
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host.graphql import (
    DateTime,
    Decimal,
    DiscountValueTypeEnum,
    ModelObjectType,
    Money,
    ProductVariant,
    SaleorTypeField,
)


_VOUCHER_GONE = " Null once staff deleted its voucher in Saleor."


class LoyaltyCoupon(graphene.ObjectType):
    code = graphene.String(description="The code to enter at checkout." + _VOUCHER_GONE)
    kind = LoyaltyCouponKindEnum(required=True)
    status = LoyaltyCouponStatusEnum(required=True)
    discount_value_type = DiscountValueTypeEnum(description=_VOUCHER_GONE.strip())
    discount_value = Decimal(description=_VOUCHER_GONE.strip())
    minimum_spent = graphene.Field(Money, description="Smallest order subtotal it applies to.")
    valid_from = DateTime(required=True)
    valid_until = DateTime()
    used_at = DateTime()
    points_spent = graphene.Int(
        required=True, description="Points paid for it (redemptions and rewards); 0 for gifts."
    )
    withdrawn_at = DateTime(
        description=(
            "When the shop withdrew it unused (its voucher, its product or the account was "
            "deleted): it ended then (status EXPIRED) and the points paid for it came back."
        )
    )

    class Meta:
        description = "A discount code only its member can use, once."

    @staticmethod
    def resolve_code(root, _info):
        voucher = host_discounts.voucher_of(root)
        return host_discounts.voucher_code(voucher) if voucher is not None else None

    @staticmethod
    def resolve_status(root, _info):
        return coupons.status(root, timezone.now())

    @staticmethod
    def resolve_discount_value_type(root, _info):
        terms = _voucher_value(root)
        return terms.value_type if terms is not None else None

    @staticmethod
    def resolve_discount_value(root, _info):
        terms = _voucher_value(root)
        return terms.value if terms is not None else None

    @staticmethod
    def resolve_minimum_spent(root, _info):
        terms = _voucher_value(root)
        if terms is None or not terms.minimum_spend:
            return None
        return Prices(terms.minimum_spend, terms.currency)


def _voucher_value(coupon):
    """What the coupon's voucher takes off (in the shop's default channel)."""
    voucher = host_discounts.voucher_of(coupon)
    return host_discounts.voucher_value(voucher) if voucher is not None else None


class LoyaltyReward(ModelObjectType):
    name = graphene.String(required=True)
    description = graphene.String()
    points_cost = graphene.Int(required=True)
    kind = LoyaltyRewardKindEnum(required=True)
    variant = SaleorTypeField(
        ProductVariant, description="For PRODUCT rewards: the variant the member receives free."
    )
    discount_value = Decimal(description="For VOUCHER rewards: the coupon value.")
    minimum_tier = graphene.Field(LoyaltyTier)
    stock = graphene.Int(description="Remaining stock; null for unlimited.")

    class Meta:
        description = "An item of the points mall."
        interfaces = [relay.Node]
        model = Reward

    @staticmethod
    def resolve_minimum_tier(root: Reward, info):
        if root.minimum_tier_id is None:
            return None
        return TierByIdLoader(info.context).load(root.minimum_tier_id)
