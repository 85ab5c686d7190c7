from django.utils import timezone
from graphql.error import GraphQLError

from saleor_loyalty.core.program import load_program
from saleor_loyalty.graphql.insight.filters import member_filter_from_input
from saleor_loyalty.insight import returning, segments, stats
from saleor_loyalty.insight.member_list import filter_members, staff_member_list


def resolve_loyalty_members(filter_input):
    return filter_members(
        staff_member_list(), member_filter_from_input(filter_input), timezone.now()
    )


def resolve_loyalty_segment_members(segment=None):
    return segments.segment_members(segment)


def _period(period) -> stats.Period:
    period = period or {}
    start, end = period.get("gte"), period.get("lte")
    if start and end and start > end:
        raise GraphQLError("The period's `gte` must not be after its `lte`.")
    return stats.make_period(start, end, timezone.now())


def resolve_loyalty_stats(period=None):
    return stats.compute_stats(load_program(), _period(period))


def resolve_loyalty_returning_customers(period=None, first=None):
    top = returning.DEFAULT_TOP if first is None else first
    if not 1 <= top <= returning.MAX_TOP:
        raise GraphQLError(f"`first` is 1 to {returning.MAX_TOP}.")
    return returning.returning_customers(load_program(), _period(period), top)
