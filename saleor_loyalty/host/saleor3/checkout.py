"""Saleor 3's price of a variant in a channel, as loyalty pricing needs it."""
from decimal import Decimal
from typing import Optional

from .products import channel_slug_or_default


def shop_unit_price(variant, discounts=None, channel_slug: Optional[str] = None) -> Decimal:
    """What Saleor charges for one unit of a variant in the channel before any plugin:
    its listing's price after catalogue promotions (Saleor 3 keeps that in the listing;
    `discounts`, 2.10's sales, are not passed on Saleor 3)."""
    listing = variant.channel_listings.get(channel__slug=channel_slug_or_default(channel_slug))
    return variant.get_price(listing).amount
