import graphene

from ..models import (
    CampaignStatus,
    CouponKind,
    RewardKind,
    Segment,
    TierChangeReason,
    TierQualification,
    TransactionKind,
    TransactionStatus,
)


def enum_from_choices(name, choices):
    return graphene.Enum(name, [(choice.name, choice.value) for choice in choices])


LoyaltyTierQualificationEnum = enum_from_choices("LoyaltyTierQualification", TierQualification)
LoyaltyTransactionKindEnum = enum_from_choices("LoyaltyTransactionKind", TransactionKind)
LoyaltyTransactionStatusEnum = enum_from_choices("LoyaltyTransactionStatus", TransactionStatus)
LoyaltyTierChangeReasonEnum = enum_from_choices("LoyaltyTierChangeReason", TierChangeReason)
LoyaltySegmentEnum = enum_from_choices("LoyaltySegment", Segment)
LoyaltyCouponKindEnum = enum_from_choices("LoyaltyCouponKind", CouponKind)
LoyaltyRewardKindEnum = enum_from_choices("LoyaltyRewardKind", RewardKind)
LoyaltyCouponStatusEnum = graphene.Enum(
    "LoyaltyCouponStatus", [("ACTIVE", "active"), ("USED", "used"), ("EXPIRED", "expired")]
)
LoyaltyCampaignStatusEnum = enum_from_choices("LoyaltyCampaignStatus", CampaignStatus)
