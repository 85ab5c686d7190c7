"""Saleor's GraphQL building blocks the loyalty schema extends or reuses."""
import graphene
from graphene import relay
from graphene.types.utils import yank_fields_from_attrs
from graphene_federation import build_schema as _build_schema
from graphql_jwt.exceptions import PermissionDenied
from prices import Money as Prices
from saleor.discount.utils import calculate_discounted_price
from saleor.graphql.account.types import User
from saleor.graphql.api import Mutation as SaleorMutation
from saleor.graphql.api import Query as _SaleorQuery
from saleor.graphql.checkout.mutations import (
    CheckoutAddPromoCode,
    CheckoutComplete,
    CheckoutCreate,
    CheckoutLinesAdd,
    CheckoutLinesUpdate,
)
from saleor.graphql.core.connection import CountableDjangoObjectType
from saleor.graphql.core.dataloaders import DataLoader
from saleor.graphql.core.fields import PrefetchingConnectionField as CountableConnectionField
from saleor.graphql.core.scalars import Decimal
from saleor.graphql.core.types import Money, SortInputObjectType
from saleor.graphql.core.types.common import DateRangeInput, DateTimeRangeInput
from saleor.graphql.core.types.upload import Upload
from saleor.graphql.discount.dataloaders import DiscountsByDateTimeLoader
from saleor.graphql.discount.enums import DiscountValueTypeEnum
from saleor.graphql.order.types import Order
from saleor.graphql.product.dataloaders import CollectionsByProductIdLoader
from saleor.graphql.product.mutations.products import ProductCreate, ProductCreateInput
from saleor.graphql.product.types import Category, Product, ProductVariant
from saleor.graphql.utils import get_user_or_app_from_context
from saleor.product.models import Product as ProductModel

__all__ = [
    "Category",
    "CHECKOUT_MUTATIONS",
    "CountableConnectionField",
    "DataLoader",
    "Date",
    "DateRangeInput",
    "DateTime",
    "DateTimeRangeInput",
    "Decimal",
    "DiscountValueTypeEnum",
    "ModelObjectType",
    "Money",
    "Order",
    "PermissionDenied",
    "Product",
    "ProductCreateInput",
    "ProductVariant",
    "SaleorMutation",
    "SaleorQuery",
    "SaleorTypeField",
    "SortInputObjectType",
    "Upload",
    "User",
]

Date = graphene.Date
DateTime = graphene.DateTime
# Saleor 2.10's types read their fields from the model instance itself.
SaleorTypeField = graphene.Field

# Saleor's checkout mutations that put variants or codes in a checkout or turn it into
# an order.
CHECKOUT_MUTATIONS = {
    "checkout_create": CheckoutCreate,
    "checkout_lines_add": CheckoutLinesAdd,
    "checkout_lines_update": CheckoutLinesUpdate,
    "checkout_complete": CheckoutComplete,
    "checkout_add_promo_code": CheckoutAddPromoCode,
}


class ModelObjectType(CountableDjangoObjectType):
    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, interfaces=(), **options):
        # graphene-django makes a field of every model field unless `fields` names some,
        # and lists those first: name only the type's own first field (relay.Node's `id`,
        # else the first one declared), which the declared field then replaces in place.
        if any(issubclass(interface, relay.Node) for interface in interfaces):
            first = "id"
        else:
            first = next(iter(yank_fields_from_attrs(cls.__dict__, _as=graphene.Field)))
        super().__init_subclass_with_meta__(interfaces=interfaces, fields=[first], **options)


class SaleorQuery(_SaleorQuery):
    """Saleor's queries, with `product(slug)` read through the user's visibility (Saleor
    2.10 returns any product by slug, even an unpublished one)."""

    def resolve_product(self, info, id=None, slug=None):
        if slug is not None and id is None:
            user = request_user(info.context)
            return ProductModel.objects.visible_to_user(user).filter(slug=slug).first()
        return _SaleorQuery.resolve_product(None, info, id=id, slug=slug)


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


def signed_in_user(context):
    """The staff or customer account signed in to the request; None for anonymous
    requests and apps."""
    user = context.user
    return user if user.is_authenticated else None


def model_of(root):
    """The model instance behind the root of a field added to one of Saleor's types
    (Saleor 2.10 resolves them from the instance itself)."""
    return root


def variant_price_key(root):
    """A variant's key for `variant_member_bases`: the variant itself."""
    return root


def variant_member_bases(context, variants):
    """Promise of what a member's price of one unit of each variant is computed from:
    (its id, what Saleor charges for it now, sales included; None: Saleor 2.10's sales are
    in that price already), or None when its product is not visible to the request's user."""
    products = _visible_products(context, {variant.product_id for variant in variants})

    def with_discounts(discounts):
        def with_collections(collections):
            collections_of = dict(zip(products, collections))
            return [
                _base(variant, products[variant.product_id], collections_of[variant.product_id],
                      discounts) if variant.product_id in products else None
                for variant in variants
            ]

        loader = CollectionsByProductIdLoader(context)
        return loader.load_many(list(products)).then(with_collections)

    return DiscountsByDateTimeLoader(context).load(context.request_time).then(with_discounts)


def _visible_products(context, product_ids):
    """What a price needs of the products of `product_ids` the request's user sees, by id:
    the products Saleor's ProductByIdLoader would give, read as rows of the four columns
    used (calculate_discounted_price reads a product's id and category_id only)."""
    products = ProductModel.objects.visible_to_user(context.user).filter(pk__in=product_ids)
    rows = products.values_list("id", "category_id", "price_amount", "currency", named=True)
    return {row.id: row for row in rows}


def _base(variant, product, collections, discounts):
    price = calculate_discounted_price(
        product=product,
        price=variant.price_override or Prices(product.price_amount, product.currency),
        collections=collections,
        discounts=discounts,
    )
    return variant.pk, price, None


def create_product(info, data):
    """Create a product exactly as Saleor's `productCreate` does (its validation, its
    `product_created` hook); Saleor's ValidationErrors propagate to the caller."""
    return ProductCreate.perform_mutation(None, info, input=data).product
