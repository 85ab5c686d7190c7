"""Saleor 2.10 catalogue, as the loyalty domain needs it."""
from typing import Dict, Optional

from prices import Money
from saleor.product.models import ProductVariant


def variant_prices(variant_ids) -> Dict[int, Money]:
    """Catalogue price of each variant (its own override, else its product's)."""
    variants = ProductVariant.objects.filter(pk__in=variant_ids).select_related("product")
    return {variant.pk: variant.base_price for variant in variants}


def get_variant(variant_id: int) -> Optional[ProductVariant]:
    return ProductVariant.objects.filter(pk=variant_id).select_related("product__product_type").first()


def requires_shipping(variant: ProductVariant) -> bool:
    return variant.product.product_type.is_shipping_required
