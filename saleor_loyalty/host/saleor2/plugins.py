from typing import List, Optional, Tuple

from saleor.plugins.base_plugin import BasePlugin, ConfigurationTypeField
from saleor.plugins.models import PluginConfiguration

__all__ = ["BasePlugin", "BOOLEAN", "STRING", "get_plugin_configuration"]

BOOLEAN = ConfigurationTypeField.BOOLEAN
STRING = ConfigurationTypeField.STRING


def get_plugin_configuration(plugin_id: str) -> Optional[Tuple[bool, List[dict]]]:
    """(active, [{name, value}]) as saved from the dashboard, or None if never saved."""
    stored = (
        PluginConfiguration.objects.filter(identifier=plugin_id)
        .values_list("active", "configuration")
        .first()
    )
    return stored
