from saleor.plugins.base_plugin import BasePlugin as SaleorBasePlugin
from saleor.plugins.base_plugin import ConfigurationTypeField
from saleor.plugins.models import PluginConfiguration

from .checkout import StoredCheckoutPrices, StoredDraftOrderPrices

__all__ = ["BasePlugin", "BOOLEAN", "STRING", "plugin_configurations"]

BOOLEAN = ConfigurationTypeField.BOOLEAN
STRING = ConfigurationTypeField.STRING


class BasePlugin(SaleorBasePlugin):
    """Saleor 3's hooks whose signatures are its own, handed to the plugin's methods.

    Member prices do not go through Saleor 3's `calculate_checkout_line_total` /
    `calculate_order_line_unit`: Saleor 3 calls those tax hooks only for channels whose tax
    strategy is TAX_APP. They are stored on the lines whenever a checkout or draft order
    changes, and checked once more before an order is placed (host/saleor3/checkout.py)."""

    # One program for the whole shop: members, balances and tiers span the channels, so
    # its configuration is global (Saleor 3 would otherwise keep one per channel).
    CONFIGURATION_PER_CHANNEL = False

    def save_plugin_configuration(self, plugin_configuration, cleaned_data):
        """Saleor 3 creates the row of a plugin never saved before with `active=False`
        and then applies the input: a first save that does not say `active` keeps the
        plugin's DEFAULT_ACTIVE instead, as on Saleor 2.10. (Saleor calls this on the
        plugin it loaded, whose `db_config` is that row, or None before any save.)"""
        if "active" not in cleaned_data and self.db_config is None:
            cleaned_data = {**cleaned_data, "active": self.get_default_active()}
        return super().save_plugin_configuration(plugin_configuration, cleaned_data)

    def preprocess_order_creation(self, checkout_info, lines, previous_value):
        checkout = checkout_info.checkout
        self.before_order_creation(checkout, StoredCheckoutPrices(checkout))
        return previous_value

    def checkout_created(self, checkout, previous_value, **_host):
        self.member_lines_changed(StoredCheckoutPrices(checkout))
        return previous_value

    def checkout_updated(self, checkout, previous_value, **_host):
        self.member_lines_changed(StoredCheckoutPrices(checkout))
        return previous_value

    def draft_order_created(self, order, previous_value, **_host):
        self.member_lines_changed(StoredDraftOrderPrices(order))
        return previous_value

    def draft_order_updated(self, order, previous_value, **_host):
        self.member_lines_changed(StoredDraftOrderPrices(order))
        return previous_value


def plugin_configurations(plugin_id: str):
    """The saved configuration rows of the plugin (at most one: the shop-wide one, of no
    channel)."""
    return PluginConfiguration.objects.filter(identifier=plugin_id, channel__isnull=True)
