"""Saleor's own demo shop, as the loyalty demo builds on it."""
from typing import Iterable

from django.core.management import call_command
from django.utils.text import slugify
from saleor.account.models import User
from saleor.product.models import Product, ProductType, ProductVariant

from saleor_loyalty.host.populated import CUSTOMER_PASSWORD, keep_in_stock

from .products import shipping_warehouses


def populate_saleor_demo() -> bool:
    """Load Saleor's demo catalogue, customers and orders once; True if it did now."""
    if Product.objects.exists():
        return False
    call_command("populatedb", withoutimages=True, createsuperuser=True)
    return True


def enable_demo_logins():
    """Saleor's populatedb stores its customers' password unhashed, so nobody can sign
    in with it: hash it, so the demo customers sign in with CUSTOMER_PASSWORD."""
    for user in User.objects.filter(is_staff=False).exclude(password__contains="$"):
        user.set_password(CUSTOMER_PASSWORD)
        user.save(update_fields=["password"])


def membership_variant(name: str, price) -> ProductVariant:
    """A published product that needs no shipping, to sell a membership (idempotent)."""
    product_type, _ = ProductType.objects.get_or_create(
        slug="loyalty-membership",
        defaults={"name": "Membership", "has_variants": False, "is_shipping_required": False},
    )
    product, _ = Product.objects.get_or_create(
        slug=slugify(name),
        defaults={
            "name": name,
            "product_type": product_type,
            "price_amount": price,
            "minimal_variant_price_amount": price,
            "is_published": True,
        },
    )
    variant, _ = ProductVariant.objects.get_or_create(
        product=product, defaults={"sku": slugify(name).upper(), "track_inventory": False}
    )
    _stock([variant])
    return variant


def stock_products(products: Iterable[Product]):
    """Keep every variant of `products` on sale in the demo's shipping zones."""
    _stock(ProductVariant.objects.filter(product__in=[product.pk for product in products]))


def _stock(variants: Iterable[ProductVariant]):
    """Stock in every warehouse that serves a shipping zone: Saleor's checkout wants a
    Stock row in the zone of the checkout's country even for a variant that tracks no
    inventory (see `purchase_problem`)."""
    keep_in_stock(variants, shipping_warehouses())


def _catalogue():
    """Saleor's demo catalogue without the loyalty's own membership products."""
    return Product.objects.published().exclude(product_type__slug="loyalty-membership")


def demo_variants(count: int):
    """(variant, shop price as Money) of the first `count` variants of the demo catalogue."""
    variants = (
        ProductVariant.objects.filter(product__in=_catalogue())
        .select_related("product")
        .order_by("product__name", "pk")[:count]
    )
    return [(variant, variant.base_price) for variant in variants]


def demo_products_for_members(count: int):
    """The last `count` products of the demo catalogue (clear of the member-priced ones)."""
    return list(_catalogue().order_by("-name", "-pk")[:count])
