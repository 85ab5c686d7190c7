"""The shop as a whole, as the loyalty domain needs it.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/shop.py`.

- `base_currency()`: the currency the program counts money in (point value, statistics,
  member prices and coupons until channels get their own).
- `shop_currencies()`: every currency the shop sells in (a set).
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("shop")

base_currency = _adapter.base_currency
shop_currencies = _adapter.shop_currencies
