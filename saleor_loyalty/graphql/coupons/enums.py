import graphene

from saleor_loyalty.coupons.models import CouponKind, RewardKind
from saleor_loyalty.graphql.core.enums import enum_from_choices

LoyaltyCouponKindEnum = enum_from_choices("LoyaltyCouponKind", CouponKind)
LoyaltyRewardKindEnum = enum_from_choices("LoyaltyRewardKind", RewardKind)
LoyaltyCouponStatusEnum = graphene.Enum(
    "LoyaltyCouponStatus", [("ACTIVE", "active"), ("USED", "used"), ("EXPIRED", "expired")]
)
