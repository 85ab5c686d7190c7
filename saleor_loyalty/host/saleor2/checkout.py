"""Saleor 2.10's price of a variant, as loyalty pricing needs it."""
from decimal import Decimal
from typing import Optional


def shop_unit_price(variant, discounts, channel_slug: Optional[str] = None) -> Decimal:
    """What Saleor charges for one unit of a variant before any plugin (sales included),
    as its base checkout line total does (2.10 has no channels: `channel_slug` is for
    Saleor 3)."""
    return variant.get_price(discounts or []).amount
