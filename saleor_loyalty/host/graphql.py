"""Saleor's GraphQL building blocks the loyalty schema extends or reuses.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/graphql.py`.

- `ModelObjectType`: base of the plugin's types over its models (Meta: `model`,
  `interfaces`, `description`); only the fields a type declares are in the schema, and
  each gets a `<Name>CountableConnection`.
- `CountableConnectionField(node_type, ...)`: a paginated field whose resolver returns
  a queryset (of the plugin's models, or of Saleor's products).
- `SaleorTypeField(type, ...)`: a field of one of Saleor's types (`User`, `Order`,
  `Product`, `ProductVariant`) whose resolver returns the model instance.
- `Upload`: Saleor's scalar of a file sent with the request (GraphQL multipart request);
  the resolver gets Django's UploadedFile.
- `model_of(root)`: the model instance behind the root of a field the plugin adds to
  one of Saleor's types.
- `variant_price_key(root)`: the key under which `variant_member_bases` reads the shop's
  price of the variant behind a `ProductVariant` root (None: it has no price there).
- `variant_member_bases(context, keys)`: a Promise of what a member's price of one unit of
  each key's variant is computed from, read for all keys at once: (the variant id, the
  shop's price (prices.Money), None or a function applying to a member price the
  promotion Saleor applies to that price), or None where the variant has no price.
"""
from saleor_loyalty.host.checkout import refuse_order
from saleor_loyalty.host.generation import adapter

_adapter = adapter("graphql")

CHECKOUT_MUTATIONS = _adapter.CHECKOUT_MUTATIONS
Category = _adapter.Category
CountableConnectionField = _adapter.CountableConnectionField
DataLoader = _adapter.DataLoader
Date = _adapter.Date
DateRangeInput = _adapter.DateRangeInput
DateTime = _adapter.DateTime
DateTimeRangeInput = _adapter.DateTimeRangeInput
Decimal = _adapter.Decimal
DiscountValueTypeEnum = _adapter.DiscountValueTypeEnum
ModelObjectType = _adapter.ModelObjectType
Money = _adapter.Money
Order = _adapter.Order
PermissionDenied = _adapter.PermissionDenied
Product = _adapter.Product
ProductCreateInput = _adapter.ProductCreateInput
ProductVariant = _adapter.ProductVariant
SaleorMutation = _adapter.SaleorMutation
SaleorQuery = _adapter.SaleorQuery
SaleorTypeField = _adapter.SaleorTypeField
SortInputObjectType = _adapter.SortInputObjectType
Upload = _adapter.Upload
User = _adapter.User
build_schema = _adapter.build_schema
create_product = _adapter.create_product
model_of = _adapter.model_of
request_user = _adapter.request_user
saleor_schema = _adapter.saleor_schema
signed_in_user = _adapter.signed_in_user
variant_member_bases = _adapter.variant_member_bases
variant_price_key = _adapter.variant_price_key


def refusal_payload(mutation_cls, message: str, field: str):
    """Saleor's payload of `mutation_cls` refusing with code INVALID on `field`."""
    return mutation_cls.handle_errors(refuse_order(message, field=field))
