"""Saleor's catalogue, as the loyalty domain needs it.

The interface: the names the plugin uses. Each Saleor generation's adapter defines what
differs (prices, publication, who sees every product) in `host/<generation>/products.py`;
accounts, products and variants are read the same on both.
"""
from typing import Optional, Set

from saleor.account.models import User
from saleor.product.models import Category, Product, ProductVariant

from saleor_loyalty.host import facts
from saleor_loyalty.host.generation import adapter

_adapter = adapter("products")

PurchaseProblem = facts.PurchaseProblem

published_products = _adapter.published_products
purchase_problem = _adapter.purchase_problem
sees_all_products = _adapter.sees_all_products
variant_prices = _adapter.variant_prices


def customer_id(user) -> Optional[int]:
    """The Saleor account behind a request's user, or None (anonymous, or an app)."""
    if isinstance(user, User) and user.is_authenticated:
        return user.pk
    return None


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


def all_products():
    return Product.objects.all()


def all_categories():
    return Category.objects.all()


def all_variants():
    return ProductVariant.objects.all()


def get_variant(variant_id: int) -> Optional[ProductVariant]:
    return ProductVariant.objects.filter(pk=variant_id).select_related("product__product_type").first()


def requires_shipping(variant: ProductVariant) -> bool:
    return variant.product.product_type.is_shipping_required
