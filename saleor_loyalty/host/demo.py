"""Saleor's own demo shop, as the loyalty demo builds on it.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/demo.py`.
"""
from saleor_loyalty.host.generation import adapter
from saleor_loyalty.host.populated import (  # noqa: F401 - the same on both
    CUSTOMER_PASSWORD,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    demo_customers,
)

_adapter = adapter("demo")

demo_products_for_members = _adapter.demo_products_for_members
demo_variants = _adapter.demo_variants
enable_demo_logins = _adapter.enable_demo_logins
membership_variant = _adapter.membership_variant
populate_saleor_demo = _adapter.populate_saleor_demo
stock_products = _adapter.stock_products
