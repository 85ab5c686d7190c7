from graphql_jwt.exceptions import PermissionDenied

from ..host.permissions import MANAGE_USERS, has_permissions
from ..program import load_program
from .dataloaders import MemberByUserIdLoader


def resolve_loyalty_program(_info):
    return load_program()


def resolve_user_loyalty(user, info):
    """`User.loyalty`: the user's own membership, or any member's for MANAGE_USERS."""
    requester = info.context.user
    is_self = requester.is_authenticated and requester.pk == user.pk
    if not is_self and not has_permissions(info.context, [MANAGE_USERS]):
        raise PermissionDenied()
    return MemberByUserIdLoader(info.context).load(user.pk)
