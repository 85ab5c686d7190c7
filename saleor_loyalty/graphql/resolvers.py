from graphql_jwt.exceptions import PermissionDenied

from graphql.error import GraphQLError

from django.utils import timezone

from .. import segments, stats
from ..host.permissions import MANAGE_USERS, has_permissions
from ..member_list import filter_members, staff_member_list
from ..program import load_program
from .filters import member_filter_from_input
from .dataloaders import MemberByUserIdLoader
from .utils import parse_global_id


def resolve_loyalty_program(_info):
    return load_program()


def resolve_user_loyalty(user, info):
    """`User.loyalty`: the user's own membership, or any member's for MANAGE_USERS."""
    requester = info.context.user
    is_self = requester.is_authenticated and requester.pk == user.pk
    if not is_self and not has_permissions(info.context, [MANAGE_USERS]):
        raise PermissionDenied()
    return MemberByUserIdLoader(info.context).load(user.pk)


def resolve_loyalty_member(global_id=None, email=None):
    if bool(global_id) == bool(email):
        raise GraphQLError("Give either `id` or `email`.")
    if email:
        return staff_member_list().filter(user__email__iexact=email.strip()).first()
    pk = parse_global_id(global_id, "LoyaltyMember")
    return staff_member_list().filter(pk=pk).first() if pk is not None else None


def resolve_loyalty_members(filter_input):
    return filter_members(
        staff_member_list(), member_filter_from_input(filter_input), timezone.now()
    )


def resolve_loyalty_segment_members(segment=None):
    return segments.segment_members(segment)


def resolve_loyalty_stats(period=None):
    period = period or {}
    start, end = period.get("gte"), period.get("lte")
    if start and end and start > end:
        raise GraphQLError("The period's `gte` must not be after its `lte`.")
    return stats.compute_stats(load_program(), stats.make_period(start, end, timezone.now()))
