import graphene
from graphene import relay

from saleor_loyalty.engagement.models import Campaign
from saleor_loyalty.graphql.audiences.filters import LoyaltyAudienceFilter, stored
from saleor_loyalty.graphql.audiences.types import LoyaltyAudience
from saleor_loyalty.graphql.engagement.campaign_results import (
    LoyaltyCampaignResults,
    resolve_results,
)
from saleor_loyalty.graphql.engagement.enums import LoyaltyCampaignStatusEnum
from saleor_loyalty.graphql.insight.enums import LoyaltySegmentEnum
from saleor_loyalty.graphql.tiers.dataloaders import TierByIdLoader
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import DateTime, Decimal, DiscountValueTypeEnum, ModelObjectType


class LoyaltyCampaign(ModelObjectType):
    name = graphene.String(required=True)
    tier = graphene.Field(LoyaltyTier, description="The tier it was sent to, if any.")
    segment = LoyaltySegmentEnum(description="The segment it was sent to, if any.")
    bonus_points = graphene.Int(required=True)
    coupon_value = Decimal(description="Value of each member's coupon; null for none.")
    coupon_value_type = DiscountValueTypeEnum()
    coupon_valid_days = graphene.Int()
    message = graphene.String(required=True)
    status = LoyaltyCampaignStatusEnum(required=True)
    recipients = graphene.Int(required=True, description="Members it was sent to.")
    processed = graphene.Int(required=True, description="Members who got their gift so far.")
    error = graphene.String(description="Why the last run failed (it resumes on retry).")
    created_at = DateTime(required=True)
    finished_at = DateTime()
    audience = graphene.Field(LoyaltyAudience, description="The saved audience it was sent to.")
    audience_filter = graphene.Field(
        LoyaltyAudienceFilter, description="The filter it was sent to (a saved audience's, copied).")
    holdout_percent = graphene.Int(required=True)
    holdout_members = graphene.Int(required=True, description="Members kept without the gift.")
    results = graphene.Field(
        LoyaltyCampaignResults,
        window_days=graphene.Int(description="Days after sending (1-365, default 30)."),
        description=("Treated vs holdout over `windowDays` after sending: orders, revenue, "
                     "uplift with its interval, cost, ROI."))

    class Meta:
        description = "Staff (MANAGE_DISCOUNTS): a campaign and its progress."
        interfaces = [relay.Node]
        model = Campaign

    @staticmethod
    def resolve_tier(root: Campaign, info):
        return TierByIdLoader(info.context).load(root.tier_id) if root.tier_id else None

    @staticmethod
    def resolve_segment(root: Campaign, _info):
        return root.segment or None

    @staticmethod
    def resolve_coupon_value_type(root: Campaign, _info):
        return root.coupon_value_type or None

    @staticmethod
    def resolve_error(root: Campaign, _info):
        return root.error or None

    @staticmethod
    def resolve_audience_filter(root: Campaign, _info):
        return stored(root.audience_filter)

    @staticmethod
    def resolve_holdout_members(root: Campaign, _info):
        return root.grants.filter(holdout=True).count()

    @staticmethod
    def resolve_results(root: Campaign, _info, window_days=None):
        return resolve_results(root, window_days)
