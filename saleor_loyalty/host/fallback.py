"""The plugin Saleor gets when the loyalty plugin cannot be loaded on it.

Saleor imports every plugin when it starts (2.10 from PLUGINS, 3.x from the `saleor.plugins`
entry points) and stops on the first that fails to import. A shop must never lose its
storefront to the loyalty plugin, so a failure to load it yields this stand-in instead:
inactive, doing nothing, and saying on the dashboard's Plugins page why it is not working.
Saleor's `BasePlugin` is imported from where every Saleor generation keeps it, without the
adapters (which may be what failed).
"""
from saleor.plugins.base_plugin import BasePlugin


def unavailable_plugin(plugin_id: str, name: str, reason: str) -> type:
    """A plugin class with Saleor's identity of the loyalty plugin that can never be active."""

    class UnavailableLoyaltyPlugin(BasePlugin):
        PLUGIN_ID = plugin_id
        PLUGIN_NAME = name
        PLUGIN_DESCRIPTION = f"Not working on this Saleor: the plugin failed to load ({reason})."
        DEFAULT_ACTIVE = False
        CONFIGURATION_PER_CHANNEL = False

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.active = False

    return UnavailableLoyaltyPlugin
