"""Saleor's catalogue, as the loyalty domain needs it.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/products.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("products")

PurchaseProblem = _adapter.PurchaseProblem
all_products = _adapter.all_products
all_variants = _adapter.all_variants
customer_id = _adapter.customer_id
get_variant = _adapter.get_variant
product_ids_of_variants = _adapter.product_ids_of_variants
products_of_variants = _adapter.products_of_variants
published_products = _adapter.published_products
purchase_problem = _adapter.purchase_problem
requires_shipping = _adapter.requires_shipping
sees_all_products = _adapter.sees_all_products
variant_prices = _adapter.variant_prices
variants_of_same_product = _adapter.variants_of_same_product
