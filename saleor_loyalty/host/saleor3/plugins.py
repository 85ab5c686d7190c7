from typing import List, Optional, Tuple

from saleor.plugins.base_plugin import BasePlugin as SaleorBasePlugin
from saleor.plugins.base_plugin import ConfigurationTypeField
from saleor.plugins.models import PluginConfiguration

__all__ = ["BasePlugin", "BOOLEAN", "STRING", "get_plugin_configuration"]

BOOLEAN = ConfigurationTypeField.BOOLEAN
STRING = ConfigurationTypeField.STRING


class BasePlugin(SaleorBasePlugin):
    """Saleor 3's hooks whose signatures are its own, handed to the plugin's methods.

    Member prices do not go through Saleor 3's `calculate_checkout_line_total` /
    `calculate_order_line_unit`: Saleor 3 calls those tax hooks only for channels whose tax
    strategy is TAX_APP (README, "Saleor 3")."""

    # One program for the whole shop: members, balances and tiers span the channels, so
    # its configuration is global (Saleor 3 would otherwise keep one per channel).
    CONFIGURATION_PER_CHANNEL = False

    def preprocess_order_creation(self, checkout_info, lines, previous_value):
        self.before_order_creation(checkout_info.checkout)
        return previous_value


def get_plugin_configuration(plugin_id: str) -> Optional[Tuple[bool, List[dict]]]:
    """(active, [{name, value}]) as saved from the dashboard, or None if never saved."""
    return (
        PluginConfiguration.objects.filter(identifier=plugin_id, channel__isnull=True)
        .values_list("active", "configuration")
        .first()
    )

