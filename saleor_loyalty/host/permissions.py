"""Saleor's permissions, as the loyalty API checks them.

The interface: the names the plugin uses. Each Saleor generation's adapter defines the
permissions in `host/<generation>/permissions.py`; both generations put the staff user
and the app of a request on its context the same way.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("permissions")

MANAGE_DISCOUNTS = _adapter.MANAGE_DISCOUNTS
MANAGE_ORDERS = _adapter.MANAGE_ORDERS
MANAGE_PRODUCTS = _adapter.MANAGE_PRODUCTS
MANAGE_USERS = _adapter.MANAGE_USERS


def has_any_permission(context, permissions) -> bool:
    """Whether the request's staff user or app holds at least one of `permissions`."""
    return any(has_permissions(context, [permission]) for permission in permissions)


def has_permissions(context, permissions) -> bool:
    """Whether the request's staff user or app holds every one of `permissions`."""
    user = getattr(context, "user", None)
    if user and user.is_active and user.has_perms(permissions):
        return True
    app = getattr(context, "app", None)
    return bool(app and app.has_perms(permissions))
