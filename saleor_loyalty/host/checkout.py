"""Checkouts and the order-creation refusal, as the loyalty domain reads them.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/checkout.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("checkout")

checkout_variant_ids = _adapter.checkout_variant_ids
checkout_variants = _adapter.checkout_variants
order_variant_ids = _adapter.order_variant_ids
refuse_order = _adapter.refuse_order
shop_unit_price = _adapter.shop_unit_price
