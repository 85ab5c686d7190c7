"""Saleor's plugin base class and configuration types.

The adapter's `BasePlugin` takes Saleor's hooks whose signatures differ between generations
(pricing, order creation) and calls the loyalty plugin's own methods with what they need:
`member_checkout_line_total`, `member_order_line_unit`, `before_order_creation(checkout)`.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/plugins.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("plugins")

BOOLEAN = _adapter.BOOLEAN
BasePlugin = _adapter.BasePlugin
STRING = _adapter.STRING
get_plugin_configuration = _adapter.get_plugin_configuration
