"""Saleor's plugin base class and configuration types.

The adapter's `BasePlugin` takes Saleor's hooks whose signatures differ between generations
(pricing, order creation) and calls the loyalty plugin's own methods with what they need:
`member_checkout_line_total(line, shop_unit, ...)` and `member_order_line_unit` (Saleor 2.10
prices every line through the plugin), `member_lines_changed(stored_prices)` (Saleor 3
stores member prices on checkout and draft order lines), and
`before_order_creation(checkout, stored_prices)`.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/plugins.py`.
"""
from typing import List, Optional, Tuple

from saleor.plugins.models import PluginConfiguration

from saleor_loyalty.host.generation import adapter

_adapter = adapter("plugins")

BOOLEAN = _adapter.BOOLEAN
BasePlugin = _adapter.BasePlugin
STRING = _adapter.STRING


def get_plugin_configuration(plugin_id: str) -> Optional[Tuple[bool, List[dict]]]:
    """(active, [{name, value}]) as saved from the dashboard, or None if never saved."""
    return _adapter.plugin_configurations(plugin_id).values_list("active", "configuration").first()


def save_plugin_configuration(plugin_id: str, configuration: List[dict]):
    """Save the plugin's settings ([{name, value}]) as the dashboard does, keeping whether
    it is active; a plugin never saved is saved active."""
    if not _adapter.plugin_configurations(plugin_id).update(configuration=configuration):
        PluginConfiguration.objects.create(identifier=plugin_id, configuration=configuration,
                                           active=True)
