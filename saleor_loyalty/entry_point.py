"""What Saleor loads as the loyalty plugin (`saleor.plugins` entry point, PLUGINS setting).

The plugin itself, or, when it cannot be loaded on the running Saleor, an inactive stand-in
that says why (`host/fallback.py`): a broken plugin never stops the shop from starting. The
error is logged with its traceback.
"""
import logging

from saleor_loyalty.core.identity import PLUGIN_ID, PLUGIN_NAME

logger = logging.getLogger(__name__)

try:
    from saleor_loyalty.plugin import LoyaltyPlugin
except Exception as error:  # noqa: BLE001 - whatever breaks, Saleor must still start
    logger.exception("The loyalty plugin could not be loaded; Saleor runs without it.")
    from saleor_loyalty.host.fallback import unavailable_plugin

    LoyaltyPlugin = unavailable_plugin(PLUGIN_ID, PLUGIN_NAME, f"{type(error).__name__}: {error}")

__all__ = ["LoyaltyPlugin"]
