"""The input of loyaltyJourneyCreate and loyaltyJourneyUpdate, and its translation."""
import graphene

from saleor_loyalty.graphql.audiences.filters import LoyaltyAudienceFilterInput, filter_data
from saleor_loyalty.graphql.audiences.mutations.audiences import get_audience_or_error
from saleor_loyalty.graphql.core.utils import get_tier_or_error
from saleor_loyalty.graphql.engagement.surveys import get_survey_or_error
from saleor_loyalty.graphql.insight.enums import LoyaltySegmentEnum
from saleor_loyalty.graphql.journeys.types import LoyaltyJourneyTriggerEnum
from saleor_loyalty.host.graphql import Decimal, DiscountValueTypeEnum


class LoyaltyJourneyTemplatesInput(graphene.InputObjectType):
    email = graphene.String()
    sms = graphene.String()
    push = graphene.String()


class LoyaltyJourneyStepInput(graphene.InputObjectType):
    wait_hours = graphene.Int(
        description="Hours after the occasion (0: at once); longer than the step before.")
    bonus_points = graphene.Int(description="Points the member gets with this step.")
    coupon_value = Decimal(description="The member gets a coupon of this value.")
    coupon_value_type = DiscountValueTypeEnum(description="FIXED (default) or PERCENTAGE.")
    coupon_valid_days = graphene.Int(description="How long the coupon is valid (default 30).")
    survey = graphene.ID(description="The LoyaltySurvey its {survey_url} opens.")
    templates = LoyaltyJourneyTemplatesInput(
        description="The message per channel; placeholders are checked when saved.")


class LoyaltyJourneyInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    trigger = LoyaltyJourneyTriggerEnum(required=True)
    active = graphene.Boolean(description="Default true; false pauses the journey.")
    tier = graphene.ID(description="Only members of this LoyaltyTier.")
    segment = LoyaltySegmentEnum(description="Only members of this segment.")
    audience = graphene.ID(description="Only members this LoyaltyAudience selects ...")
    audience_filter = LoyaltyAudienceFilterInput(description="... or this filter selects.")
    points_gap = graphene.Int(description="NEAR_NEXT_TIER: at most this many points short.")
    month = graphene.Int(description="DATE: the month (1-12), in the shop's time zone.")
    day = graphene.Int(description="DATE: the day of the month.")
    steps = graphene.List(graphene.NonNull(LoyaltyJourneyStepInput), required=True)


def journey_data(data) -> dict:
    """The domain's view of a LoyaltyJourneyInput: tiers and surveys looked up."""
    data = dict(data)
    data["tier"] = get_tier_or_error(data["tier"], "tier") if data.get("tier") else None
    if data.get("audience"):
        data["audience"] = get_audience_or_error(data["audience"], "audience")
    if data.get("audience_filter") is not None:
        data["audience_filter"] = filter_data(data["audience_filter"])
    steps = []
    for index, step in enumerate(data.get("steps") or []):
        step = dict(step)
        if step.get("survey"):
            step["survey"] = get_survey_or_error(step["survey"], f"steps.{index}.survey")
        step["templates"] = {
            channel: text for channel, text in dict(step.get("templates") or {}).items()
            if text is not None
        }
        steps.append(step)
    data["steps"] = steps
    if data.get("active") is None:
        data["active"] = True
    return data
