from saleor_loyalty.engagement.models import CampaignStatus
from saleor_loyalty.graphql.core.enums import enum_from_choices

LoyaltyCampaignStatusEnum = enum_from_choices("LoyaltyCampaignStatus", CampaignStatus)
