"""Journeys in the API (staff: MANAGE_USERS or MANAGE_DISCOUNTS)."""
import graphene
from graphene import relay

from saleor_loyalty.engagement.models import Journey, JourneyTrigger
from saleor_loyalty.graphql.audiences.filters import LoyaltyAudienceFilter, stored
from saleor_loyalty.graphql.audiences.types import LoyaltyAudience
from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.graphql.core.enums import enum_from_choices
from saleor_loyalty.graphql.engagement.surveys import LoyaltySurvey
from saleor_loyalty.graphql.insight.enums import LoyaltySegmentEnum
from saleor_loyalty.graphql.journeys.resolvers import JOURNEY_STAFF, journeys_with_steps
from saleor_loyalty.graphql.notifications.resolvers import resolve_deliveries
from saleor_loyalty.graphql.notifications.types import LoyaltyDelivery
from saleor_loyalty.graphql.tiers.dataloaders import TierByIdLoader
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import (
    CountableConnectionField,
    DateTime,
    Decimal,
    DiscountValueTypeEnum,
    ModelObjectType,
)
from saleor_loyalty.host.permissions import MANAGE_USERS, has_any_permission
from saleor_loyalty.notifications.models import Delivery

LoyaltyJourneyTriggerEnum = enum_from_choices("LoyaltyJourneyTrigger", JourneyTrigger)


class LoyaltyJourneyTemplates(graphene.ObjectType):
    email = graphene.String(description="The e-mail's text.")
    sms = graphene.String(description="The SMS text (sent through the message webhook).")
    push = graphene.String(description="The push notification (through the message webhook).")

    class Meta:
        description = (
            "A step's message per channel, with placeholders {first_name}, {points}, {tier}, "
            "{coupon_code}, {order_number} and {survey_url}; a channel without text sends "
            "nothing."
        )


class LoyaltyJourneyStep(graphene.ObjectType):
    position = graphene.Int(required=True, description="1 for the first step.")
    wait_hours = graphene.Int(required=True, description="Hours after the occasion.")
    bonus_points = graphene.Int(required=True)
    coupon_value = Decimal(description="Each member's coupon; null for none.")
    coupon_value_type = DiscountValueTypeEnum()
    coupon_valid_days = graphene.Int()
    survey = graphene.Field(LoyaltySurvey, description="The survey its {survey_url} opens.")
    templates = graphene.Field(LoyaltyJourneyTemplates, required=True)
    sent = graphene.Int(required=True, description="Members who got this step so far.")

    @staticmethod
    def resolve_coupon_value_type(root, _info):
        return root.coupon_value_type or None

    @staticmethod
    def resolve_templates(root, _info):
        return LoyaltyJourneyTemplates(**root.templates)

    @staticmethod
    def resolve_sent(root, _info):
        counted = getattr(root, "sent_count", None)
        return root.sends.count() if counted is None else counted


class LoyaltyJourney(ModelObjectType):
    name = graphene.String(required=True)
    trigger = LoyaltyJourneyTriggerEnum(required=True)
    active = graphene.Boolean(required=True, description="False while paused.")
    tier = graphene.Field(LoyaltyTier, description="Only members of this tier, if set.")
    segment = LoyaltySegmentEnum(description="Only members of this segment, if set.")
    audience = graphene.Field(LoyaltyAudience, description="Only members it selects, if set.")
    audience_filter = graphene.Field(
        LoyaltyAudienceFilter, description="Only members this filter selects, if set.")
    points_gap = graphene.Int(description="NEAR_NEXT_TIER: at most this many points short.")
    month = graphene.Int(description="DATE: the month (1-12).")
    day = graphene.Int(description="DATE: the day of the month.")
    starts_at = DateTime(
        required=True, description="Occasions due before this (creation, last resume) are left."
    )
    steps = graphene.List(graphene.NonNull(LoyaltyJourneyStep), required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)
    deliveries = CountableConnectionField(
        LoyaltyDelivery, description="Staff (MANAGE_USERS): its messages, newest first.")

    class Meta:
        description = (
            "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): a member journey: a trigger, an "
            "audience and steps, each sent once per member and occasion, in order."
        )
        interfaces = [relay.Node]
        model = Journey

    @classmethod
    def get_node(cls, info, id):
        """Journeys are read by staff only (`node(id)` included)."""
        if not has_any_permission(info.context, JOURNEY_STAFF):
            return None
        return journeys_with_steps().filter(pk=id).first()

    @staticmethod
    def resolve_tier(root: Journey, info):
        return TierByIdLoader(info.context).load(root.tier_id) if root.tier_id else None

    @staticmethod
    def resolve_segment(root: Journey, _info):
        return root.segment or None

    @staticmethod
    def resolve_audience_filter(root: Journey, _info):
        return stored(root.audience_filter)

    @staticmethod
    def resolve_steps(root: Journey, _info):
        return root.steps.all()

    @staticmethod
    @staff_required(MANAGE_USERS)
    def resolve_deliveries(root: Journey, _info, **_kwargs):
        return resolve_deliveries(Delivery.objects.filter(journey_send__step__journey=root))
