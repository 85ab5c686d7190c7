import graphene
from graphene import relay

from saleor_loyalty.graphql.notifications.enums import (
    LoyaltyDeliveryStatusEnum,
    LoyaltyMessageChannelEnum,
)
from saleor_loyalty.graphql.notifications.resolvers import resolve_deliveries
from saleor_loyalty.host.graphql import DateTime, ModelObjectType
from saleor_loyalty.host.permissions import MANAGE_USERS, has_permissions
from saleor_loyalty.notifications.models import Delivery


class LoyaltyDelivery(ModelObjectType):
    channel = LoyaltyMessageChannelEnum(required=True)
    status = LoyaltyDeliveryStatusEnum(required=True)
    attempts = graphene.Int(required=True, description="Times sending was tried.")
    last_error = graphene.String(
        description="Why the last attempt failed, or why the message was skipped.")
    text = graphene.String(
        required=True, description="The message as rendered when it was (last) tried.")
    template = graphene.String(
        required=True, description="The e-mail template's name; `journey` for journey steps.")
    created_at = DateTime(required=True)
    sent_at = DateTime()
    journey = graphene.Field(
        # By name: journeys' types may read deliveries through this module.
        "saleor_loyalty.graphql.journeys.types.LoyaltyJourney",
        description="The journey whose step this message is; null for other messages.",
    )

    class Meta:
        description = (
            "Staff (MANAGE_USERS): one message to a member on one channel, and what became "
            "of it, sent at most once."
        )
        interfaces = [relay.Node]
        model = Delivery

    @classmethod
    def get_node(cls, info, id):
        if not has_permissions(info.context, [MANAGE_USERS]):
            return None
        return resolve_deliveries(Delivery.objects.filter(pk=id)).first()

    @staticmethod
    def resolve_last_error(root: Delivery, _info):
        return root.last_error or None

    @staticmethod
    def resolve_journey(root: Delivery, _info):
        if root.journey_send_id is None:
            return None
        return root.journey_send.step.journey

