"""Saleor 3's own demo shop (`populatedb --createsuperuser --withoutimages`), as the
loyalty demo builds on it. Prices are read in the default channel; what the demo puts on
sale is listed in every channel the shop sells in."""
from typing import Iterable

from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify
from saleor.product import ProductTypeKind
from saleor.product.models import (
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from saleor.site.models import SiteSettings
from saleor.warehouse.models import Warehouse

from saleor_loyalty.host.populated import keep_in_stock

from .products import channel_slug_or_default, published_products, selling_channels

MEMBERSHIP_TYPE = "loyalty-membership"


def populate_saleor_demo() -> bool:
    """Load Saleor's demo catalogue, customers and orders once; True if it did now."""
    if Product.objects.exists():
        return False
    call_command("populatedb", withoutimages=True, createsuperuser=True)
    return True


def enable_demo_logins():
    """Let the demo's accounts sign in. populatedb's customers already have the hashed
    CUSTOMER_PASSWORD; accounts registered during the demo sign in without confirming
    their e-mail (a shop setting on Saleor 3, the ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL
    environment variable on 2.10)."""
    SiteSettings.objects.update(enable_account_confirmation_by_email=False)


def membership_variant(name: str, price) -> ProductVariant:
    """A product that needs no shipping and tracks no inventory, published, available
    for purchase and priced at `price` (in each channel's currency) in every channel the
    shop sells in, to sell a membership (idempotent)."""
    product_type, _ = ProductType.objects.get_or_create(
        slug=MEMBERSHIP_TYPE,
        defaults={"name": "Membership", "kind": ProductTypeKind.NORMAL,
                  "has_variants": False, "is_shipping_required": False},
    )
    product, _ = Product.objects.get_or_create(
        slug=slugify(name),
        defaults={"name": name, "product_type": product_type, "search_index_dirty": True},
    )
    variant, _ = ProductVariant.objects.get_or_create(
        product=product, defaults={"sku": slugify(name).upper(), "track_inventory": False}
    )
    if product.default_variant_id is None:
        product.default_variant = variant
        product.save(update_fields=["default_variant"])
    now = timezone.now()
    for channel in selling_channels():
        ProductChannelListing.objects.get_or_create(
            product=product, channel=channel,
            defaults={"currency": channel.currency_code, "is_published": True,
                      "published_at": now, "visible_in_listings": True,
                      "available_for_purchase_at": now, "discounted_price_amount": price},
        )
        ProductVariantChannelListing.objects.get_or_create(
            variant=variant, channel=channel,
            defaults={"currency": channel.currency_code, "price_amount": price,
                      "discounted_price_amount": price},
        )
    return variant


def stock_products(products: Iterable[Product]):
    """Keep every variant of `products` on sale: DEMO_STOCK units available in every
    warehouse of the channels the shop sells in (idempotent)."""
    keep_in_stock(
        ProductVariant.objects.filter(product__in=[product.pk for product in products]),
        Warehouse.objects.filter(channels__in=selling_channels()).distinct(),
    )


def _catalogue():
    """Saleor's demo catalogue in the default channel, without gift cards and the
    loyalty's own membership products."""
    return (
        published_products()
        .exclude(product_type__slug=MEMBERSHIP_TYPE)
        .exclude(product_type__kind=ProductTypeKind.GIFT_CARD)
    )


def demo_variants(count: int):
    """(variant, shop price as Money) in every channel's currency, of the first `count`
    variants priced in the default channel of the demo catalogue."""
    first = (
        ProductVariantChannelListing.objects.filter(
            variant__product__in=_catalogue(),
            channel__slug=channel_slug_or_default(None),
            price_amount__isnull=False,
        )
        .order_by("variant__product__name", "variant_id")
        .values_list("variant_id", flat=True)[:count]
    )
    listings = (
        ProductVariantChannelListing.objects.filter(variant_id__in=list(first),
                                                    price_amount__isnull=False)
        .select_related("variant__product")
        .order_by("variant__product__name", "variant_id", "currency")
    )
    return [(listing.variant, listing.price) for listing in listings]


def demo_products_for_members(count: int):
    """The last `count` products of the demo catalogue (clear of the member-priced ones)."""
    return list(_catalogue().order_by("-name", "-pk")[:count])
