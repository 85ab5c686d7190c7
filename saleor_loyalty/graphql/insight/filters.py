import graphene
from graphql.error import GraphQLError

from saleor_loyalty.graphql.core.utils import parse_global_id
from saleor_loyalty.graphql.insight.enums import LoyaltySegmentEnum
from saleor_loyalty.host.graphql import DateRangeInput, DateTimeRangeInput
from saleor_loyalty.insight.member_list import MemberFilter

MAX_NUMBER = 10 ** 6


class LoyaltyMemberFilterInput(graphene.InputObjectType):
    tier = graphene.ID(description="Members of this tier.")
    segment = LoyaltySegmentEnum(description="Members in this segment at the last segment run.")
    search = graphene.String(description="Words found in the e-mail, first or last name.")
    min_points = graphene.Int(description="Members with at least this points balance.")
    dormant_days = graphene.Int(
        description="Members with no paid order for at least this many days."
    )
    joined = graphene.Field(DateRangeInput, description="Members who joined in this date range.")
    tags = graphene.List(graphene.NonNull(graphene.String),
                         description="Members with any of these tags (by name).")


def member_filter_from_input(data) -> MemberFilter:
    if not data:
        return MemberFilter()
    tier_id = None
    if data.get("tier"):
        tier_id = parse_global_id(data["tier"], "LoyaltyTier")
        if tier_id is None:
            raise GraphQLError(f"Couldn't resolve to a LoyaltyTier: {data['tier']}")
    for name in ("min_points", "dormant_days"):
        if data.get(name) is not None and not 0 <= data[name] <= MAX_NUMBER:
            raise GraphQLError(f"`{name}` is 0 to {MAX_NUMBER}.")
    joined = data.get("joined") or {}
    return MemberFilter(
        tier_id=tier_id,
        segment=data.get("segment"),
        search=data.get("search"),
        min_points=data.get("min_points"),
        dormant_days=data.get("dormant_days"),
        joined_from=joined.get("gte"),
        joined_to=joined.get("lte"),
        tags=tuple(data.get("tags") or ()),
    )


class LoyaltyStatsPeriodInput(DateTimeRangeInput):
    class Meta:
        description = "A period of time; open ends reach back to the start and up to now."
