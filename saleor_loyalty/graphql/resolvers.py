from graphql_jwt.exceptions import PermissionDenied

from graphql.error import GraphQLError

from ..host.permissions import MANAGE_USERS, has_permissions
from ..models import Member
from ..program import load_program
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
        return Member.objects.filter(user__email__iexact=email.strip()).first()
    pk = parse_global_id(global_id, "LoyaltyMember")
    return Member.objects.filter(pk=pk).first() if pk is not None else None
