"""Saleor's GraphQL building blocks the loyalty schema extends or reuses.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/graphql.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("graphql")

CHECKOUT_MUTATIONS = _adapter.CHECKOUT_MUTATIONS
CountableDjangoObjectType = _adapter.CountableDjangoObjectType
DataLoader = _adapter.DataLoader
DateRangeInput = _adapter.DateRangeInput
DateTimeRangeInput = _adapter.DateTimeRangeInput
Decimal = _adapter.Decimal
DiscountValueTypeEnum = _adapter.DiscountValueTypeEnum
Money = _adapter.Money
Order = _adapter.Order
PrefetchingConnectionField = _adapter.PrefetchingConnectionField
Product = _adapter.Product
ProductCreateInput = _adapter.ProductCreateInput
ProductVariant = _adapter.ProductVariant
SaleorMutation = _adapter.SaleorMutation
SaleorQuery = _adapter.SaleorQuery
SortInputObjectType = _adapter.SortInputObjectType
User = _adapter.User
build_schema = _adapter.build_schema
create_product = _adapter.create_product
refusal_payload = _adapter.refusal_payload
request_user = _adapter.request_user
resolve_product = _adapter.resolve_product
saleor_schema = _adapter.saleor_schema
variant_shop_price = _adapter.variant_shop_price
