"""Saleor's GraphQL building blocks the loyalty schema extends or reuses."""
from graphene_federation import build_schema as _build_schema
from saleor.graphql.account.types import User
from saleor.graphql.api import Mutation as SaleorMutation
from saleor.graphql.api import Query as SaleorQuery
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
from saleor.graphql.discount.enums import DiscountValueTypeEnum
from saleor.graphql.order.types import Order
from saleor.graphql.product.types import Product, ProductVariant

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
