from saleor.plugins.base_plugin import BasePlugin as SaleorBasePlugin
from saleor.plugins.base_plugin import ConfigurationTypeField
from saleor.plugins.models import PluginConfiguration

from .checkout import shop_unit_price

__all__ = ["BasePlugin", "BOOLEAN", "STRING", "plugin_configurations"]

BOOLEAN = ConfigurationTypeField.BOOLEAN
STRING = ConfigurationTypeField.STRING


class BasePlugin(SaleorBasePlugin):
    """Saleor 2.10's hooks whose signatures are its own, handed to the plugin's methods."""

    def calculate_checkout_line_total(self, checkout_line, discounts, previous_value):
        return self.member_checkout_line_total(
            checkout_line, lambda: shop_unit_price(checkout_line.variant, discounts), previous_value)

    def calculate_order_line_unit(self, order_line, previous_value):
        return self.member_order_line_unit(order_line, previous_value)

    def preprocess_order_creation(self, checkout, discounts, previous_value):
        self.before_order_creation(checkout)
        return previous_value


def plugin_configurations(plugin_id: str):
    """The saved configuration rows of the plugin (at most one)."""
    return PluginConfiguration.objects.filter(identifier=plugin_id)
