from saleor.permission.enums import (
    AccountPermissions,
    DiscountPermissions,
    OrderPermissions,
    ProductPermissions,
)

MANAGE_USERS = AccountPermissions.MANAGE_USERS
MANAGE_ORDERS = OrderPermissions.MANAGE_ORDERS
MANAGE_PRODUCTS = ProductPermissions.MANAGE_PRODUCTS
MANAGE_DISCOUNTS = DiscountPermissions.MANAGE_DISCOUNTS
