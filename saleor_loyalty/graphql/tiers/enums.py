from saleor_loyalty.graphql.core.enums import enum_from_choices
from saleor_loyalty.tiers.models import TierChangeReason, TierQualification

LoyaltyTierQualificationEnum = enum_from_choices("LoyaltyTierQualification", TierQualification)
LoyaltyTierChangeReasonEnum = enum_from_choices("LoyaltyTierChangeReason", TierChangeReason)
