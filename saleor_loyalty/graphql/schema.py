import graphene

from .. import member_products
from ..host.graphql import DateTimeRangeInput, PrefetchingConnectionField, Product, request_user
from ..host.permissions import MANAGE_DISCOUNTS, MANAGE_ORDERS, MANAGE_USERS
from ..host.products import sees_all_products
from ..models import Campaign, Reward
from .decorators import staff_required
from .enums import LoyaltySegmentEnum
from .filters import LoyaltyMemberFilterInput
from .mutations.loyalty_campaign_send import LoyaltyCampaignSend
from .mutations.loyalty_check_in import LoyaltyCheckIn
from .mutations.loyalty_join import LoyaltyJoin
from .mutations.loyalty_member_price import LoyaltyMemberPriceDelete, LoyaltyMemberPriceSet
from .mutations.loyalty_member_products import LoyaltyMemberProductCreate, LoyaltyProductSetMemberOnly
from .mutations.loyalty_member_update import LoyaltyMemberUpdate
from .mutations.loyalty_points_adjust import LoyaltyPointsAdjust
from .mutations.loyalty_redeem_points import LoyaltyRedeemPoints
from .mutations.loyalty_referral_code_apply import LoyaltyReferralCodeApply
from .mutations.loyalty_reward import LoyaltyRewardCreate, LoyaltyRewardDelete, LoyaltyRewardUpdate
from .mutations.loyalty_reward_redeem import LoyaltyRewardRedeem
from .mutations.loyalty_tier import LoyaltyTierCreate, LoyaltyTierDelete, LoyaltyTierUpdate
from .mutations.loyalty_tier_paid_membership_set import LoyaltyTierPaidMembershipSet
from .resolvers import (
    resolve_loyalty_member,
    resolve_loyalty_members,
    resolve_loyalty_program,
    resolve_loyalty_segment_members,
    resolve_loyalty_stats,
)
from .sorters import LoyaltyMemberSortingInput
from .types import (
    LoyaltyCampaign,
    LoyaltyMember,
    LoyaltyProgram,
    LoyaltyReward,
    LoyaltySegmentMember,
    LoyaltyStats,
)
from .utils import parse_global_id


class LoyaltyStatsPeriodInput(DateTimeRangeInput):
    class Meta:
        description = "A period of time; open ends reach back to the start and up to now."


class LoyaltyQueries(graphene.ObjectType):
    loyalty_program = graphene.Field(
        LoyaltyProgram,
        required=True,
        description="Public program rules and tiers for storefront display.",
    )
    loyalty_member = graphene.Field(
        LoyaltyMember,
        id=graphene.ID(description="ID of the LoyaltyMember."),
        email=graphene.String(description="E-mail of the member's account."),
        description="Staff (MANAGE_USERS): one member, by ID or e-mail.",
    )
    loyalty_exclusive_products = PrefetchingConnectionField(
        Product,
        required=True,
        description=(
            "Member-only products the requesting customer may buy (all of them for staff "
            "who manage products)."
        ),
    )
    loyalty_members = PrefetchingConnectionField(
        LoyaltyMember,
        filter=LoyaltyMemberFilterInput(description="Filtering options for members."),
        sort_by=LoyaltyMemberSortingInput(description="Sort members."),
        description="Staff (MANAGE_USERS): members, filtered and sorted.",
    )
    loyalty_segment_members = PrefetchingConnectionField(
        LoyaltySegmentMember,
        segment=LoyaltySegmentEnum(description="Only this segment."),
        description="Staff (MANAGE_USERS): members with their RFM scores from the last segment run.",
    )
    loyalty_stats = graphene.Field(
        LoyaltyStats,
        required=True,
        period=LoyaltyStatsPeriodInput(description="The period; the whole history when omitted."),
        description="Staff (MANAGE_ORDERS or MANAGE_USERS): program statistics for a period.",
    )

    loyalty_rewards = PrefetchingConnectionField(
        LoyaltyReward,
        required=True,
        description=(
            "Points mall; rewards above the requester's tier are listed but marked by "
            "minimumTier."
        ),
    )

    loyalty_campaign = graphene.Field(
        LoyaltyCampaign,
        id=graphene.ID(required=True, description="ID of the LoyaltyCampaign."),
        description="Staff (MANAGE_DISCOUNTS): one campaign and its progress.",
    )
    loyalty_campaigns = PrefetchingConnectionField(
        LoyaltyCampaign, description="Staff (MANAGE_DISCOUNTS): campaigns, newest first."
    )

    @staff_required(MANAGE_DISCOUNTS)
    def resolve_loyalty_campaign(self, _info, id):
        pk = parse_global_id(id, "LoyaltyCampaign")
        return Campaign.objects.filter(pk=pk).first() if pk is not None else None

    @staff_required(MANAGE_DISCOUNTS)
    def resolve_loyalty_campaigns(self, _info, **_kwargs):
        return Campaign.objects.all()

    def resolve_loyalty_rewards(self, _info, **_kwargs):
        return Reward.objects.all()

    def resolve_loyalty_program(self, info):
        return resolve_loyalty_program(info)

    @staff_required(MANAGE_USERS)
    def resolve_loyalty_member(self, info, id=None, email=None):
        return resolve_loyalty_member(id, email)

    def resolve_loyalty_exclusive_products(self, info, **_kwargs):
        user = request_user(info.context)
        return member_products.exclusive_products(user, sees_all_products(user)).order_by("name", "pk")

    @staff_required(MANAGE_USERS)
    def resolve_loyalty_members(self, info, filter=None, **_kwargs):
        return resolve_loyalty_members(filter)

    @staff_required(MANAGE_USERS)
    def resolve_loyalty_segment_members(self, info, segment=None, **_kwargs):
        return resolve_loyalty_segment_members(segment)

    @staff_required(MANAGE_ORDERS, MANAGE_USERS, any_of=True)
    def resolve_loyalty_stats(self, info, period=None):
        return resolve_loyalty_stats(period)


class LoyaltyMutations(graphene.ObjectType):
    loyalty_join = LoyaltyJoin.Field()
    loyalty_points_adjust = LoyaltyPointsAdjust.Field()
    loyalty_tier_create = LoyaltyTierCreate.Field()
    loyalty_tier_update = LoyaltyTierUpdate.Field()
    loyalty_tier_delete = LoyaltyTierDelete.Field()
    loyalty_tier_paid_membership_set = LoyaltyTierPaidMembershipSet.Field()
    loyalty_member_price_set = LoyaltyMemberPriceSet.Field()
    loyalty_member_price_delete = LoyaltyMemberPriceDelete.Field()
    loyalty_product_set_member_only = LoyaltyProductSetMemberOnly.Field()
    loyalty_member_product_create = LoyaltyMemberProductCreate.Field()
    loyalty_member_update = LoyaltyMemberUpdate.Field()
    loyalty_check_in = LoyaltyCheckIn.Field()
    loyalty_redeem_points = LoyaltyRedeemPoints.Field()
    loyalty_referral_code_apply = LoyaltyReferralCodeApply.Field()
    loyalty_reward_redeem = LoyaltyRewardRedeem.Field()
    loyalty_reward_create = LoyaltyRewardCreate.Field()
    loyalty_reward_update = LoyaltyRewardUpdate.Field()
    loyalty_reward_delete = LoyaltyRewardDelete.Field()
    loyalty_campaign_send = LoyaltyCampaignSend.Field()
