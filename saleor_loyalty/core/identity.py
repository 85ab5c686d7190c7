"""How Saleor knows the plugin: its identifier (the key of its saved configuration) and name."""
PLUGIN_ID = "saleor.loyalty"
PLUGIN_NAME = "Loyalty"
