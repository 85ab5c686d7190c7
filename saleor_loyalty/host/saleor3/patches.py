"""Every change the plugin makes to Saleor 3's own code at run time, in one place.

`install` applies them all; it is safe to call again (each patch replaces what an earlier
call installed, never stacks on it).
- `Product.objects.visible_to_user(requestor, channel, limited_channel_access)` narrowed
  by the member-only rule: Saleor 3 reads products for customers through it in every
  channel (products with or without `search`, product by id or slug, categories,
  collections, product types, variants by id or SKU, federation references).
- `ProductVariant.objects.visible_to_user(...)` narrowed by the same rule on the
  variants' products: `productVariants` (by ids, with `search`) and federation
  references read variants through it, not through the products'.
  (`translations` lists every product, but only to staff with MANAGE_TRANSLATIONS.)
- Fields added to Saleor's GraphQL types (`User.loyalty`, `Product.loyalty`,
  `ProductVariant.memberPrice`, `loyaltyErrors` on checkout payloads), before the
  schema is built.
"""
from typing import Callable, Dict, Iterable, Tuple

from django.db.models import Q
from saleor.product.managers import ProductsQueryset, ProductVariantQueryset
from saleor.product.models import Product

from .products import sees_all_products


def install(visibility_rule: Callable[[object], Q], type_fields: Iterable[Tuple[type, Dict[str, object]]]):
    """The member-only `visibility_rule(user)` on every product read, and `type_fields`:
    (Saleor GraphQL type, {field name: graphene field}) pairs."""
    _narrow_visible_to_user(
        ProductsQueryset, lambda products, user: products.filter(visibility_rule(user))
    )
    _narrow_visible_to_user(
        ProductVariantQueryset,
        lambda variants, user: variants.filter(
            product__in=Product.objects.filter(visibility_rule(user)).values("pk")
        ),
    )
    for graphql_type, fields in type_fields:
        graphql_type._meta.fields.update(fields)


def _narrow_visible_to_user(queryset_class, narrow: Callable):
    """Narrow every `visible_to_user(requestor, ...)` of `queryset_class` (Saleor's) by
    `narrow(queryset, requestor)`; staff and apps with the product permissions keep
    seeing everything."""
    saleor_visible_to_user = getattr(
        queryset_class.visible_to_user, "saleor_original", queryset_class.visible_to_user
    )

    def visible_to_user(self, requestor, *args, **kwargs):
        visible = saleor_visible_to_user(self, requestor, *args, **kwargs)
        if sees_all_products(requestor):
            return visible
        return narrow(visible, requestor)

    visible_to_user.saleor_original = saleor_visible_to_user
    queryset_class.visible_to_user = visible_to_user
