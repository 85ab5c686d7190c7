from graphql.error import GraphQLError

from saleor_loyalty.graphql.core.utils import parse_global_id
from saleor_loyalty.graphql.members.dataloaders import MemberByUserIdLoader
from saleor_loyalty.host.graphql import PermissionDenied, signed_in_user
from saleor_loyalty.host.permissions import MANAGE_USERS, has_permissions
from saleor_loyalty.insight.member_list import staff_member_list


def resolve_user_loyalty(user, info):
    """`User.loyalty`: the user's own membership, or any member's for MANAGE_USERS."""
    requester = signed_in_user(info.context)
    is_self = requester is not None and requester.pk == user.pk
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
