import graphene

from ... import rewards
from ...host.graphql import Decimal
from ...host.permissions import MANAGE_DISCOUNTS
from ..core.mutations import LoyaltyMutation
from ..enums import LoyaltyRewardKindEnum
from ..types import LoyaltyReward
from ..utils import get_reward_or_error, get_tier_or_error, get_variant_or_error


class LoyaltyRewardInput(graphene.InputObjectType):
    name = graphene.String()
    description = graphene.String()
    points_cost = graphene.Int()
    kind = LoyaltyRewardKindEnum()
    variant = graphene.ID(description="For PRODUCT rewards: the ProductVariant given free.")
    discount_value = Decimal(description="For VOUCHER rewards: the amount off the order.")
    minimum_tier = graphene.ID(description="Lowest LoyaltyTier that may redeem it; null for all.")
    stock = graphene.Int(description="Units available; null for unlimited.")


def _changes(input) -> dict:
    """The input with IDs resolved to objects (NOT_FOUND on a bad ID)."""
    changes = dict(input)
    if changes.get("variant") is not None:
        changes["variant"] = get_variant_or_error(changes["variant"], "variant")
    if "minimum_tier" in changes:
        tier_id = changes["minimum_tier"]
        changes["minimum_tier"] = get_tier_or_error(tier_id, "minimumTier") if tier_id else None
    return changes


class LoyaltyRewardCreate(LoyaltyMutation):
    reward = graphene.Field(LoyaltyReward)

    class Arguments:
        input = LoyaltyRewardInput(required=True)

    class Meta:
        description = "Staff (MANAGE_DISCOUNTS): add a points-mall reward."
        permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, input):
        return cls(reward=rewards.save_reward(None, _changes(input)), errors=[])


class LoyaltyRewardUpdate(LoyaltyMutation):
    reward = graphene.Field(LoyaltyReward)

    class Arguments:
        id = graphene.ID(required=True)
        input = LoyaltyRewardInput(required=True)

    class Meta:
        description = "Staff (MANAGE_DISCOUNTS): change a reward; fields left out stay as they are."
        permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, id, input):
        reward = get_reward_or_error(id, "id")
        return cls(reward=rewards.save_reward(reward, _changes(input)), errors=[])


class LoyaltyRewardDelete(LoyaltyMutation):
    reward = graphene.Field(LoyaltyReward, description="The removed reward, as it was.")

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Staff (MANAGE_DISCOUNTS): remove a reward; coupons bought stay valid."
        permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform_mutation(cls, _root, _info, id):
        return cls(reward=rewards.delete_reward(get_reward_or_error(id, "id")), errors=[])
