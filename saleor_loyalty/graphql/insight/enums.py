import graphene

from saleor_loyalty.graphql.core.enums import enum_from_choices
from saleor_loyalty.insight.models import Segment

LoyaltySegmentEnum = enum_from_choices("LoyaltySegment", Segment)


class LoyaltyWeekdayEnum(graphene.Enum):
    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6
    SUNDAY = 7

    class Meta:
        description = "A day of the week (ISO order: Monday first)."
