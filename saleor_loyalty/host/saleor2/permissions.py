from saleor.core.permissions import (
    AccountPermissions,
    DiscountPermissions,
    OrderPermissions,
    ProductPermissions,
)

MANAGE_USERS = AccountPermissions.MANAGE_USERS
MANAGE_ORDERS = OrderPermissions.MANAGE_ORDERS
MANAGE_PRODUCTS = ProductPermissions.MANAGE_PRODUCTS
MANAGE_DISCOUNTS = DiscountPermissions.MANAGE_DISCOUNTS


def has_permissions(context, permissions) -> bool:
    """Whether the request's staff user or app holds every one of `permissions`."""
    user = getattr(context, "user", None)
    if user is not None and user.is_active and user.has_perms(permissions):
        return True
    app = getattr(context, "app", None)
    return bool(app and app.has_perms(permissions))
