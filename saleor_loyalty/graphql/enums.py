import graphene

from ..models import TierQualification

LoyaltyTierQualificationEnum = graphene.Enum(
    "LoyaltyTierQualification",
    [(choice.name, choice.value) for choice in TierQualification],
)
