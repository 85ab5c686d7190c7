from functools import wraps

from saleor_loyalty.host.graphql import PermissionDenied
from saleor_loyalty.host.permissions import has_any_permission, has_permissions


def staff_required(*permissions, any_of=False):
    """Refuse a query field unless the staff user or app holds every permission (or,
    with `any_of`, at least one of them)."""

    def allowed(context):
        if any_of:
            return has_any_permission(context, permissions)
        return has_permissions(context, permissions)

    def decorator(resolver):
        @wraps(resolver)
        def wrapper(root, info, *args, **kwargs):
            if not allowed(info.context):
                raise PermissionDenied()
            return resolver(root, info, *args, **kwargs)

        return wrapper

    return decorator
