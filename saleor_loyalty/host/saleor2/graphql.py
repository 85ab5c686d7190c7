"""Saleor's GraphQL building blocks the loyalty schema extends or reuses."""
from graphene_federation import build_schema as _build_schema
from saleor.discount.utils import calculate_discounted_price
from saleor.graphql.account.types import User
from saleor.graphql.api import Mutation as SaleorMutation
from saleor.graphql.api import Query as SaleorQuery
from saleor.graphql.checkout.mutations import (
    CheckoutAddPromoCode,
    CheckoutComplete,
    CheckoutCreate,
    CheckoutLinesAdd,
    CheckoutLinesUpdate,
)
from saleor.graphql.core.connection import (
    CountableConnection,
    CountableDjangoObjectType,
    connection_from_queryset_slice,
)
from saleor.graphql.core.dataloaders import DataLoader
from saleor.graphql.core.fields import PrefetchingConnectionField
from saleor.graphql.core.scalars import Decimal
from saleor.graphql.core.types import Money, SortInputObjectType
from saleor.graphql.core.types.common import DateRangeInput, DateTimeRangeInput
from saleor.graphql.discount.dataloaders import DiscountsByDateTimeLoader
from saleor.graphql.discount.enums import DiscountValueTypeEnum
from saleor.graphql.order.types import Order
from saleor.graphql.product.dataloaders import CollectionsByProductIdLoader, ProductByIdLoader
from saleor.graphql.product.mutations.products import ProductCreate, ProductCreateInput
from saleor.graphql.product.types import Product, ProductVariant
from saleor.graphql.utils import get_user_or_app_from_context
from saleor.product.models import Product as ProductModel

# Saleor's checkout mutations that put variants or codes in a checkout or turn it into
# an order.
CHECKOUT_MUTATIONS = {
    "checkout_create": CheckoutCreate,
    "checkout_lines_add": CheckoutLinesAdd,
    "checkout_lines_update": CheckoutLinesUpdate,
    "checkout_complete": CheckoutComplete,
    "checkout_add_promo_code": CheckoutAddPromoCode,
}

__all__ = [
    "CountableConnection",
    "CountableDjangoObjectType",
    "DataLoader",
    "DateRangeInput",
    "DateTimeRangeInput",
    "Decimal",
    "DiscountValueTypeEnum",
    "Money",
    "Order",
    "Product",
    "PrefetchingConnectionField",
    "ProductCreateInput",
    "ProductVariant",
    "SaleorMutation",
    "SaleorQuery",
    "SortInputObjectType",
    "User",
    "build_schema",
    "connection_from_queryset_slice",
]


def build_schema(query, mutation):
    """Build the schema the way Saleor does, keeping its federation fields."""
    return _build_schema(query, mutation=mutation)


def saleor_schema():
    """Saleor's own schema, without the loyalty extension."""
    from saleor.graphql.api import schema

    return schema


def request_user(context):
    """The request's user, or the app calling with its token."""
    return get_user_or_app_from_context(context)


def variant_shop_price(context, variant):
    """Promise of what Saleor charges for one unit of `variant` now (sales included)."""

    def with_discounts(discounts):
        def with_product(product):
            if product is None:
                return None

            def with_collections(collections):
                return calculate_discounted_price(
                    product=product,
                    price=variant.price_override or product.price,
                    collections=collections,
                    discounts=discounts,
                )

            return CollectionsByProductIdLoader(context).load(product.pk).then(with_collections)

        return ProductByIdLoader(context).load(variant.product_id).then(with_product)

    return DiscountsByDateTimeLoader(context).load(context.request_time).then(with_discounts)


def resolve_product(info, id=None, slug=None):
    """Saleor's `product(id, slug)`, with the slug read through the user's visibility
    (Saleor 2.10 returns any product by slug, even an unpublished one)."""
    if slug is not None and id is None:
        user = request_user(info.context)
        return ProductModel.objects.visible_to_user(user).filter(slug=slug).first()
    return SaleorQuery.resolve_product(None, info, id=id, slug=slug)


def create_product(info, data):
    """Create a product exactly as Saleor's `productCreate` does (its validation, its
    `product_created` hook); Saleor's ValidationErrors propagate to the caller."""
    return ProductCreate.perform_mutation(None, info, input=data).product


def refusal_payload(mutation_cls, message: str, field: str):
    """Saleor's payload of `mutation_cls` refusing with code INVALID on `field`."""
    from django.core.exceptions import ValidationError

    from .checkout import SALEOR_INVALID

    return mutation_cls.handle_errors(
        ValidationError({field: ValidationError(message, code=SALEOR_INVALID)})
    )
