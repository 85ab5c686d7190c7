"""The Saleor 2.10 shop: one currency, `DEFAULT_CURRENCY`, for the whole shop."""
from django.conf import settings


def base_currency() -> str:
    """The shop's currency (a setting: costs no query)."""
    return settings.DEFAULT_CURRENCY


def shop_currencies() -> set:
    """Saleor 2.10 sells in its one currency."""
    return {settings.DEFAULT_CURRENCY}
