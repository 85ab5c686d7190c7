from saleor_loyalty.graphql.core.enums import enum_from_choices
from saleor_loyalty.notifications.models import DeliveryStatus, MessageChannel

LoyaltyMessageChannelEnum = enum_from_choices("LoyaltyMessageChannel", MessageChannel)
LoyaltyDeliveryStatusEnum = enum_from_choices("LoyaltyDeliveryStatus", DeliveryStatus)
