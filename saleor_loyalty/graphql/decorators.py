from functools import wraps

from graphql_jwt.exceptions import PermissionDenied

from ..host.permissions import has_permissions


def staff_required(*permissions):
    """Refuse a query field unless the staff user or app holds every permission."""

    def decorator(resolver):
        @wraps(resolver)
        def wrapper(root, info, *args, **kwargs):
            if not has_permissions(info.context, permissions):
                raise PermissionDenied()
            return resolver(root, info, *args, **kwargs)

        return wrapper

    return decorator
