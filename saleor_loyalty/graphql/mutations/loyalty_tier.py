import graphene

from ... import tiers
from ...host.graphql import Decimal
from ...host.permissions import MANAGE_USERS
from ..core.mutations import LoyaltyMutation
from ..enums import LoyaltyTierQualificationEnum
from ..types import LoyaltyTier
from ..utils import get_tier_or_error


class LoyaltyTierInput(graphene.InputObjectType):
    name = graphene.String()
    slug = graphene.String(description="Made from the name when left out.")
    rank = graphene.Int(description="Higher is better; the next free rank when left out.")
    qualification = LoyaltyTierQualificationEnum()
    threshold = Decimal(description="Points, spend or order count needed, per qualification.")
    earn_multiplier = graphene.Float()
    discount_percent = Decimal()
    benefits = graphene.List(graphene.NonNull(graphene.String))


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


class LoyaltyTierUpdate(LoyaltyMutation):
    tier = graphene.Field(LoyaltyTier)

    class Arguments:
        id = graphene.ID(required=True)
        input = LoyaltyTierInput(required=True)

    class Meta:
        description = "Staff (MANAGE_USERS): change a tier; fields left out stay as they are."
        permissions = (MANAGE_USERS,)

    @classmethod
    def perform_mutation(cls, _root, _info, id, input):
        tier = get_tier_or_error(id, "id")
        return cls(tier=tiers.update_tier(tier, dict(input)), errors=[])


class LoyaltyTierDelete(LoyaltyMutation):
    tier = graphene.Field(LoyaltyTier, description="The removed tier, as it was.")

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = (
            "Staff (MANAGE_USERS): remove a tier; its members move to the next lower tier."
        )
        permissions = (MANAGE_USERS,)

    @classmethod
    def perform_mutation(cls, _root, _info, id):
        return cls(tier=tiers.delete_tier(get_tier_or_error(id, "id")), errors=[])
