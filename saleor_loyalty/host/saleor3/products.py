"""Saleor 3 catalogue, as the loyalty domain needs it.

Saleor 3 sells through channels: publication, availability for purchase, prices and the
warehouses a checkout takes stock from belong to a channel. Whatever takes no channel
here means the shop's default channel (`DEFAULT_CHANNEL_SLUG`, `default-channel`).
"""
from typing import Dict, Optional

from django.conf import settings
from django.contrib.sites.models import Site
from prices import Money
from saleor.channel.models import Channel
from saleor.permission.utils import has_one_of_permissions
from saleor.product.models import (
    ALL_PRODUCTS_PERMISSIONS,
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)
from saleor.warehouse.models import Stock

from saleor_loyalty.host.facts import PurchaseProblem


def channel_slug_or_default(channel_slug: Optional[str]) -> str:
    return channel_slug or settings.DEFAULT_CHANNEL_SLUG


def variant_prices(variant_ids, channel_slug: Optional[str] = None) -> Dict[int, Money]:
    """Catalogue price of each variant in the channel (before promotions); variants
    with no price there are left out."""
    listings = ProductVariantChannelListing.objects.filter(
        variant_id__in=list(variant_ids),
        channel__slug=channel_slug_or_default(channel_slug),
        price_amount__isnull=False,
    ).values_list("variant_id", "price_amount", "currency")
    return {variant_id: Money(amount, currency) for variant_id, amount, currency in listings}






def purchase_problem(variant: ProductVariant,
                     channel_slug: Optional[str] = None) -> Optional[PurchaseProblem]:
    """What stops Saleor 3's checkout from selling `variant` in the channel, or None.

    Its checkout wants the product published and available for purchase in the checkout's
    channel and the variant priced there (customers do not even see a product published
    from a later date). A variant that tracks inventory (and is not on preorder) needs
    units left in a warehouse of the channel: one serving a shipping zone of the channel,
    or a click-and-collect point, while the shop keeps the legacy shipping-zone stock
    rule, which populatedb shops do.
    """
    slug = channel_slug_or_default(channel_slug)
    listing = ProductChannelListing.objects.filter(
        product_id=variant.product_id, channel__slug=slug, channel__is_active=True
    ).first()
    if listing is None or not listing.is_published:
        return PurchaseProblem.UNPUBLISHED
    if not listing.is_visible:
        return PurchaseProblem.NOT_YET_PUBLISHED
    if not listing.is_available_for_purchase():
        return PurchaseProblem.NOT_AVAILABLE_FOR_PURCHASE
    if not variant.channel_listings.filter(channel__slug=slug, price_amount__isnull=False).exists():
        return PurchaseProblem.NO_PRICE
    if not variant.track_inventory or variant.is_preorder_active():
        return None
    stocks = channel_stocks(slug).filter(product_variant=variant)
    if not stocks.exists():
        return PurchaseProblem.NO_STOCK
    if not any(stock.available_quantity > 0 for stock in stocks.annotate_available_quantity()):
        return PurchaseProblem.SOLD_OUT
    return None


def channel_stocks(channel_slug: str):
    """Stock rows a checkout of the channel may take from (any country)."""
    legacy_zones = Site.objects.get_current().settings.use_legacy_shipping_zone_stock_availability
    return Stock.objects.for_channel_or_country(
        channel_slug, include_shipping_zones=legacy_zones, include_cc_warehouses=True
    )




def sees_all_products(user) -> bool:
    """Staff and apps that may see every product (unpublished and member-only too)."""
    return bool(user) and has_one_of_permissions(user, ALL_PRODUCTS_PERMISSIONS)








def published_products(channel_slug: Optional[str] = None):
    """Products customers see in the channel: published there (from a date now past)."""
    channel = Channel.objects.filter(slug=channel_slug_or_default(channel_slug)).first()
    return Product.objects.published(channel) if channel else Product.objects.none()


def selling_channels():
    """The active channels: where the shop sells."""
    return Channel.objects.filter(is_active=True).order_by("pk")
