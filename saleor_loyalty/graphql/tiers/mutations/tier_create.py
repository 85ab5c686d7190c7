import graphene

from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.tiers.enums import LoyaltyTierQualificationEnum
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import Decimal
from saleor_loyalty.host.permissions import MANAGE_USERS
from saleor_loyalty.tiers import definitions as tiers


class LoyaltyTierInput(graphene.InputObjectType):
    name = graphene.String()
    slug = graphene.String(description="Made from the name when left out.")
    rank = graphene.Int(description="Higher is better; the next free rank when left out.")
    qualification = LoyaltyTierQualificationEnum()
    threshold = Decimal(description="Points, spend or order count needed, per qualification.")
    earn_multiplier = graphene.Float()
    discount_percent = Decimal()
    benefits = graphene.List(graphene.NonNull(graphene.String))
    top_percent = Decimal(
        description=(
            "Make this a percentile tier: the top share (above 0, at most 100 percent, up to "
            "4 decimals) of members ranked by the tier's qualification measure, who also "
            "reach `threshold`; cumulative (Gold top 4 includes Platinum's top 0.8). Null: "
            "by threshold alone. A change takes effect at the next tier review."
        )
    )


class LoyaltyTierCreate(LoyaltyMutation):
    tier = graphene.Field(LoyaltyTier)

    class Arguments:
        input = LoyaltyTierInput(required=True)

    class Meta:
        description = "Staff (MANAGE_USERS): add a tier."
        permissions = (MANAGE_USERS,)

    @classmethod
    def perform_mutation(cls, _root, _info, input):
        return cls(tier=tiers.create_tier(dict(input)), errors=[])
