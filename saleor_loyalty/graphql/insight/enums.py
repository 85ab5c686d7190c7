from saleor_loyalty.graphql.core.enums import enum_from_choices
from saleor_loyalty.insight.models import Segment

LoyaltySegmentEnum = enum_from_choices("LoyaltySegment", Segment)
