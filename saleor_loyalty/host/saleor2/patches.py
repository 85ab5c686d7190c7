"""Every change the plugin makes to Saleor 2.10's own code at run time, in one place.

`install` applies them all; it is safe to call again (each patch replaces what an earlier
call installed, never stacks on it).
- `Product.objects.visible_to_user(user)` narrowed by the member-only rule: Saleor reads
  products for customers through it (products, product, collections, sales and vouchers,
  translations, the product dataloader, variants by ID).
- `Category.products`, which reads published products with no regard to the user, made
  to apply the same rule.
- Fields added to Saleor's GraphQL types (`User.loyalty`, `Product.loyalty`,
  `ProductVariant.memberPrice`, `loyaltyErrors` on checkout payloads), before the
  schema is built.
"""
from typing import Callable, Dict, Iterable, Tuple

from django.db.models import Q
from saleor.graphql.product.types import Category
from saleor.product.models import Product as ProductModel
from saleor.product.models import ProductsQueryset

from .graphql import request_user
from .products import sees_all_products


def install(visibility_rule: Callable[[object], Q], type_fields: Iterable[Tuple[type, Dict[str, object]]]):
    """The member-only `visibility_rule(user)` on every product read, and `type_fields`:
    (Saleor GraphQL type, {field name: graphene field}) pairs."""
    _narrow_visible_to_user(visibility_rule)
    _narrow_category_products(visibility_rule)
    for graphql_type, fields in type_fields:
        graphql_type._meta.fields.update(fields)


def _narrow_visible_to_user(rule: Callable[[object], Q]):
    """Narrow every `Product.objects.visible_to_user(user)` of Saleor's by `rule(user)`;
    staff with MANAGE_PRODUCTS keep seeing everything."""
    saleor_visible_to_user = getattr(
        ProductsQueryset.visible_to_user, "saleor_original", ProductsQueryset.visible_to_user
    )

    def visible_to_user(self, user):
        products = saleor_visible_to_user(self, user)
        if sees_all_products(user):
            return products
        return products.filter(rule(user))

    visible_to_user.saleor_original = saleor_visible_to_user
    ProductsQueryset.visible_to_user = visible_to_user


def _narrow_category_products(rule: Callable[[object], Q]):
    def resolve_products(root, info, **_kwargs):
        tree = root.get_descendants(include_self=True)
        products = ProductModel.objects.published().filter(category__in=tree)
        user = request_user(info.context)
        return products if sees_all_products(user) else products.filter(rule(user))

    Category.resolve_products = staticmethod(resolve_products)
