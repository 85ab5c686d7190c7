import graphene
from graphene import relay

from saleor_loyalty.graphql.tiers.dataloaders import TierByIdLoader, VariantPriceLoader
from saleor_loyalty.graphql.tiers.enums import (
    LoyaltyTierChangeReasonEnum,
    LoyaltyTierQualificationEnum,
)
from saleor_loyalty.host.graphql import (
    DateTime,
    Decimal,
    ModelObjectType,
    Money,
    PermissionDenied,
    ProductVariant,
    SaleorTypeField,
)
from saleor_loyalty.host.permissions import MANAGE_USERS, has_permissions
from saleor_loyalty.tiers.models import Tier, TierChange


class LoyaltyTier(ModelObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    rank = graphene.Int(
        required=True, description="Higher rank is a better tier; the entry tier has rank 0."
    )
    qualification = LoyaltyTierQualificationEnum(required=True)
    threshold = Decimal(
        required=True,
        description=(
            "Points threshold, or spend threshold in the program's base currency (other "
            "currencies count at their `currencyRules` rate), per qualification."
        ),
    )
    earn_multiplier = graphene.Float(required=True)
    discount_percent = Decimal(
        required=True, description="Percent off every order for members of this tier (0 for none)."
    )
    benefits = graphene.List(graphene.NonNull(graphene.String), required=True)
    member_count = graphene.Int(description="Staff only (MANAGE_USERS).")
    price = graphene.Field(
        Money, description="Price of a paid membership of this tier; null when it is earned only."
    )
    duration_days = graphene.Int(description="How long a bought membership lasts.")
    paid_variant = SaleorTypeField(
        ProductVariant, description="The product variant customers buy to get this tier."
    )
    top_percent = Decimal(
        description=(
            "A percentile tier: the top share (percent) of members ranked by the tier's "
            "qualification measure, who also reach the threshold; null for a tier by "
            "threshold alone."
        )
    )
    share_cutoff = Decimal(
        description=(
            "Staff only (MANAGE_USERS): the measure of the last member inside a percentile "
            "tier's share at the last tier review (members tied on it count by id); null "
            "before the first review or when the share holds nobody."
        )
    )
    share_reviewed_at = DateTime(
        description="Staff only (MANAGE_USERS): when the tier review last set the share's cutoff."
    )

    class Meta:
        description = "A membership level."
        interfaces = [relay.Node]
        model = Tier

    @staticmethod
    def resolve_price(root: Tier, info):
        if root.paid_variant_id is None:
            return None
        return VariantPriceLoader(info.context).load(root.paid_variant_id)

    @staticmethod
    def resolve_duration_days(root: Tier, _info):
        return root.paid_duration_days if root.paid_variant_id else None

    @staticmethod
    def resolve_member_count(root: Tier, info):
        _staff_only(info)
        return root.members.count()

    @staticmethod
    def resolve_share_cutoff(root: Tier, info):
        _staff_only(info)
        return root.share_cutoff

    @staticmethod
    def resolve_share_reviewed_at(root: Tier, info):
        _staff_only(info)
        return root.share_reviewed_at


def _staff_only(info):
    if not has_permissions(info.context, [MANAGE_USERS]):
        raise PermissionDenied()


class LoyaltyTierChange(graphene.ObjectType):
    from_tier = graphene.Field(LoyaltyTier)
    to_tier = graphene.Field(LoyaltyTier)
    reason = LoyaltyTierChangeReasonEnum(required=True)
    created_at = DateTime(required=True)

    class Meta:
        description = "A move between tiers."

    @staticmethod
    def resolve_from_tier(root, info):
        return _tier(root, "from_tier", info)

    @staticmethod
    def resolve_to_tier(root, info):
        return _tier(root, "to_tier", info)


def _tier(change, field: str, info):
    """A tier a TierChange names: loaded with the change (select_related), else batched."""
    if getattr(change, f"{field}_id") is None:
        return None
    if TierChange._meta.get_field(field).is_cached(change):
        return getattr(change, field)
    return TierByIdLoader(info.context).load(getattr(change, f"{field}_id"))
