import graphene

from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.graphql.insight.enums import LoyaltySegmentEnum
from saleor_loyalty.graphql.insight.filters import (
    LoyaltyMemberFilterInput,
    LoyaltyStatsPeriodInput,
)
from saleor_loyalty.graphql.insight.resolvers import (
    resolve_loyalty_members,
    resolve_loyalty_returning_customers,
    resolve_loyalty_segment_members,
    resolve_loyalty_stats,
)
from saleor_loyalty.graphql.insight.sorters import LoyaltyMemberSortingInput
from saleor_loyalty.graphql.insight.types import (
    LoyaltyReturningCustomers,
    LoyaltySegmentMember,
    LoyaltyStats,
)
from saleor_loyalty.graphql.members.types import LoyaltyMember
from saleor_loyalty.host.graphql import CountableConnectionField
from saleor_loyalty.host.permissions import MANAGE_ORDERS, MANAGE_USERS
from saleor_loyalty.insight.returning import DEFAULT_TOP, MAX_TOP


class InsightQueries(graphene.ObjectType):
    loyalty_members = CountableConnectionField(
        LoyaltyMember,
        filter=LoyaltyMemberFilterInput(description="Filtering options for members."),
        sort_by=LoyaltyMemberSortingInput(description="Sort members."),
        description="Staff (MANAGE_USERS): members, filtered and sorted.",
    )
    loyalty_segment_members = CountableConnectionField(
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
    loyalty_returning_customers = graphene.Field(
        LoyaltyReturningCustomers,
        required=True,
        period=LoyaltyStatsPeriodInput(description="The period; the whole history when omitted."),
        first=graphene.Int(
            description=f"Top products and categories per group (default {DEFAULT_TOP}, 1 to {MAX_TOP})."
        ),
        description=(
            "Staff (MANAGE_ORDERS or MANAGE_USERS): what first-time and repeat buyers buy, "
            "and when they order, in a period."
        ),
    )

    @staff_required(MANAGE_USERS)
    def resolve_loyalty_members(self, info, filter=None, **_kwargs):
        return resolve_loyalty_members(filter)

    @staff_required(MANAGE_USERS)
    def resolve_loyalty_segment_members(self, info, segment=None, **_kwargs):
        return resolve_loyalty_segment_members(segment)

    @staff_required(MANAGE_ORDERS, MANAGE_USERS, any_of=True)
    def resolve_loyalty_stats(self, info, period=None):
        return resolve_loyalty_stats(period)

    @staff_required(MANAGE_ORDERS, MANAGE_USERS, any_of=True)
    def resolve_loyalty_returning_customers(self, info, period=None, first=None):
        return resolve_loyalty_returning_customers(period, first)
