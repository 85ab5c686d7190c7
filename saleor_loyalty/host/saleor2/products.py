"""Saleor 2.10 catalogue, as the loyalty domain needs it."""
import datetime
from enum import Enum
from typing import Dict, Optional, Set

from prices import Money
from saleor.account.models import User
from saleor.core.models import PublishedQuerySet
from saleor.product.models import Product, ProductVariant
from saleor.warehouse.models import Stock, Warehouse


def variant_prices(variant_ids) -> Dict[int, Money]:
    """Catalogue price of each variant (its own override, else its product's)."""
    variants = ProductVariant.objects.filter(pk__in=variant_ids).select_related("product")
    return {variant.pk: variant.base_price for variant in variants}


def get_variant(variant_id: int) -> Optional[ProductVariant]:
    return ProductVariant.objects.filter(pk=variant_id).select_related("product__product_type").first()


def requires_shipping(variant: ProductVariant) -> bool:
    return variant.product.product_type.is_shipping_required


class PurchaseProblem(Enum):
    """Why customers cannot check a variant out."""

    UNPUBLISHED = "unpublished"
    NOT_YET_PUBLISHED = "not_yet_published"
    NO_STOCK = "no_stock"
    SOLD_OUT = "sold_out"


def purchase_problem(variant: ProductVariant) -> Optional[PurchaseProblem]:
    """What stops Saleor 2.10's checkout from selling `variant`, or None.

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


def customer_id(user) -> Optional[int]:
    """The Saleor account behind a request's user, or None (anonymous, or an app)."""
    if isinstance(user, User) and user.is_authenticated:
        return user.pk
    return None


def sees_all_products(user) -> bool:
    """Staff and apps that manage products see unpublished and member-only products."""
    return bool(user) and PublishedQuerySet.user_has_access_to_all(user)


def product_ids_of_variants(variant_ids) -> Set[int]:
    return set(products_of_variants(variant_ids))


def variants_of_same_product(variant_id: int) -> Set[int]:
    """Every variant of the product `variant_id` belongs to, itself included (empty
    when there is no such variant)."""
    return set(
        ProductVariant.objects.filter(product__variants=variant_id).values_list("pk", flat=True)
    )


def products_of_variants(variant_ids):
    """Queryset of the product ids of `variant_ids` (a list or a queryset of ids), to
    use as a subquery."""
    if not hasattr(variant_ids, "query"):
        variant_ids = list(variant_ids)
    return ProductVariant.objects.filter(pk__in=variant_ids).values_list("product_id", flat=True)


def published_products():
    return Product.objects.published()


def all_products():
    return Product.objects.all()


def all_variants():
    return ProductVariant.objects.all()
