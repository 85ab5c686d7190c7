"""Saleor's permissions, as the loyalty API checks them.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/permissions.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("permissions")

MANAGE_DISCOUNTS = _adapter.MANAGE_DISCOUNTS
MANAGE_ORDERS = _adapter.MANAGE_ORDERS
MANAGE_PRODUCTS = _adapter.MANAGE_PRODUCTS
MANAGE_USERS = _adapter.MANAGE_USERS
has_permissions = _adapter.has_permissions
