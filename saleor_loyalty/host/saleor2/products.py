"""Saleor 2.10 catalogue, as the loyalty domain needs it."""
import datetime
from typing import Dict, Optional

from prices import Money
from saleor.core.models import PublishedQuerySet
from saleor.product.models import Product, ProductVariant
from saleor.warehouse.models import Stock, Warehouse

from saleor_loyalty.host.facts import PurchaseProblem


def variant_prices(variant_ids, channel_slug: Optional[str] = None) -> Dict[int, Money]:
    """Catalogue price of each variant (its own override, else its product's); 2.10
    has no channels (`channel_slug` is for Saleor 3)."""
    variants = ProductVariant.objects.filter(pk__in=variant_ids).select_related("product")
    return {variant.pk: variant.base_price for variant in variants}






def purchase_problem(variant: ProductVariant,
                     channel_slug: Optional[str] = None) -> Optional[PurchaseProblem]:
    """What stops Saleor 2.10's checkout from selling `variant`, or None (2.10 has no
    channels: `channel_slug` is for Saleor 3).

    Its checkout refuses an unpublished product, customers do not see one published from
    a later date, and every line needs a Stock row in a warehouse serving the shipping
    zone of the checkout's country, even a variant that does not track inventory and a
    product that needs no shipping (whose country is the request's when lines are added,
    the billing address's at completion); a tracked variant also needs a unit left there.
    """
    product = variant.product
    if not product.is_published:
        return PurchaseProblem.UNPUBLISHED
    # The date as Saleor's `published()` takes it.
    if product.publication_date is not None and product.publication_date > datetime.date.today():
        return PurchaseProblem.NOT_YET_PUBLISHED
    stocks = Stock.objects.filter(product_variant=variant, warehouse__in=shipping_warehouses())
    if not stocks.exists():
        return PurchaseProblem.NO_STOCK
    if variant.track_inventory and not any(
        stock.available_quantity > 0 for stock in stocks.annotate_available_quantity()
    ):
        return PurchaseProblem.SOLD_OUT
    return None


def shipping_warehouses():
    """Warehouses that serve at least one shipping zone: the only ones checkouts use."""
    return Warehouse.objects.filter(shipping_zones__isnull=False).distinct()




def sees_all_products(user) -> bool:
    """Staff and apps that manage products see unpublished and member-only products."""
    return bool(user) and PublishedQuerySet.user_has_access_to_all(user)








def published_products(channel_slug: Optional[str] = None):
    """Products customers see (2.10 has no channels: `channel_slug` is for Saleor 3)."""
    return Product.objects.published()
