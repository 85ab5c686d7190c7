import graphene

from saleor_loyalty.coupons import points_mall as rewards
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_tier_or_error, get_variant_or_error
from saleor_loyalty.graphql.coupons.enums import LoyaltyRewardKindEnum
from saleor_loyalty.graphql.coupons.types import LoyaltyReward
from saleor_loyalty.host.graphql import Decimal
from saleor_loyalty.host.permissions import MANAGE_DISCOUNTS


class LoyaltyRewardInput(graphene.InputObjectType):
    name = graphene.String()
    description = graphene.String()
    points_cost = graphene.Int()
    kind = LoyaltyRewardKindEnum()
    variant = graphene.ID(description="For PRODUCT rewards: the ProductVariant given free.")
    discount_value = Decimal(description="For VOUCHER rewards: the amount off the order.")
    minimum_tier = graphene.ID(description="Lowest LoyaltyTier that may redeem it; null for all.")
    stock = graphene.Int(description="Units available; null for unlimited.")


def reward_changes(input) -> dict:
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
        return cls(reward=rewards.save_reward(None, reward_changes(input)), errors=[])
