import graphene
from django.db import transaction
from django.utils import timezone

from saleor_loyalty.engagement import campaigns
from saleor_loyalty.engagement import tasks as engagement_tasks
from saleor_loyalty.graphql.audiences.filters import LoyaltyAudienceFilterInput, filter_data
from saleor_loyalty.graphql.audiences.mutations.audiences import get_audience_or_error
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_tier_or_error
from saleor_loyalty.graphql.engagement.types import LoyaltyCampaign
from saleor_loyalty.graphql.insight.enums import LoyaltySegmentEnum
from saleor_loyalty.host.graphql import Decimal, DiscountValueTypeEnum, signed_in_user
from saleor_loyalty.host.permissions import MANAGE_DISCOUNTS


class LoyaltyCampaignInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="Shown to staff and as the e-mail subject.")
    tier = graphene.ID(description="Send to every member of this LoyaltyTier ...")
    segment = LoyaltySegmentEnum(description="... or to every member of this segment ...")
    audience = graphene.ID(description="... or to every member of this LoyaltyAudience ...")
    audience_filter = LoyaltyAudienceFilterInput(
        description="... or to every member this filter selects now.")
    holdout_percent = graphene.Int(
        description="Keep this share (0-50 %) of the audience, chosen at random, without a "
                    "gift, to measure the campaign against (`results`).")
    bonus_points = graphene.Int(description="Points each member gets.")
    coupon_value = Decimal(description="Each member gets a coupon of this value.")
    coupon_value_type = DiscountValueTypeEnum(description="FIXED (default) or PERCENTAGE.")
    coupon_valid_days = graphene.Int(description="How long the coupon is valid (default 30).")
    message = graphene.String(description="E-mailed to each member with the gift.")


class LoyaltyCampaignSend(LoyaltyMutation):
    campaign = graphene.Field(LoyaltyCampaign)

    class Arguments:
        input = LoyaltyCampaignInput(required=True)

    class Meta:
        description = (
            "Staff (MANAGE_DISCOUNTS): give bonus points and/or a coupon, with a message, "
            "to every member of a tier, a segment or an audience, but for a holdout share of "
            "it. The audience is fixed when it is sent; "
            "the gifts are given in the background (follow `loyaltyCampaign(id)`); nobody "
            "gets a gift twice."
        )
        permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform_mutation(cls, _root, info, input):
        data = dict(input)
        tier = get_tier_or_error(data.pop("tier"), "tier") if data.get("tier") else None
        if data.get("audience"):
            data["audience"] = get_audience_or_error(data["audience"], "audience")
        if data.get("audience_filter") is not None:
            data["audience_filter"] = filter_data(data["audience_filter"])
        staff = signed_in_user(info.context)
        campaign = campaigns.create_campaign(data, tier, staff, timezone.now())
        transaction.on_commit(lambda: engagement_tasks.start_campaign(campaign.pk))
        return cls(campaign=campaign, errors=[])
