"""Saleor 3's GraphQL building blocks the loyalty schema extends or reuses.

Saleor 3 serves products and variants from `ChannelContext(node, channel_slug)` roots and
orders from `SyncWebhookControlContext(node)` roots: fields added to those types receive
the wrapper (`model_of` unwraps it), and fields of those types (`SaleorTypeField`,
`CountableConnectionField`) wrap what the loyalty resolvers return.
"""
import graphene
from django.conf import settings
from prices import Money as Prices
from promise import Promise
from saleor.channel.models import Channel
from saleor.core.exceptions import PermissionDenied
from saleor.graphql.account.types import User
from saleor.graphql.api import Mutation as SaleorMutation
from saleor.graphql.api import Query as SaleorQuery
from saleor.graphql.api import monitor_fields_usage
from saleor.graphql.channel.utils import get_default_channel_or_graphql_error
from saleor.graphql.checkout.mutations import (
    CheckoutAddPromoCode,
    CheckoutComplete,
    CheckoutCreate,
    CheckoutLinesAdd,
    CheckoutLinesUpdate,
)
from saleor.graphql.core.connection import CountableConnection, create_connection_slice
from saleor.graphql.core.context import (
    BaseContext,
    ChannelContext,
    ChannelQsContext,
    SyncWebhookControlContext,
    get_database_connection_name,
    setup_context_user,
)
from saleor.graphql.core.dataloaders import DataLoader
from saleor.graphql.core.federation.schema import build_federated_schema
from saleor.graphql.core.fields import ConnectionField
from saleor.graphql.core.scalars import Date, DateTime, Decimal
from saleor.graphql.core.types import DateRangeInput, DateTimeRangeInput, Money, SortInputObjectType
from saleor.graphql.core.types import ModelObjectType as SaleorModelObjectType
from saleor.graphql.core.types.context import ChannelContextType
from saleor.graphql.core.types.upload import Upload
from saleor.graphql.core.types.model import ModelObjectOptions
from saleor.graphql.core.types.sync_webhook_control import SyncWebhookControlContextObjectType
from saleor.graphql.discount.enums import DiscountValueTypeEnum
from saleor.graphql.order.types import Order
from saleor.graphql.discount.dataloaders import PromotionRuleByIdLoader
from saleor.graphql.product.dataloaders import VariantChannelListingPromotionRuleByListingIdLoader
from saleor.graphql.product.mutations.product.product_create import (
    ProductCreate,
    ProductCreateInput,
)
from saleor.graphql.product.types import (
    Category,
    Product,
    ProductCountableConnection,
    ProductVariant,
)
from saleor.graphql.utils import get_user_or_app_from_context
from saleor.graphql.webhook.subscription_types import Subscription
from saleor.product.models import ProductVariantChannelListing

from .products import sees_all_products

__all__ = [
    "CHECKOUT_MUTATIONS",
    "Category",
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

# Saleor's checkout mutations that put variants or codes in a checkout or turn it into
# an order.
CHECKOUT_MUTATIONS = {
    "checkout_create": CheckoutCreate,
    "checkout_lines_add": CheckoutLinesAdd,
    "checkout_lines_update": CheckoutLinesUpdate,
    "checkout_complete": CheckoutComplete,
    "checkout_add_promo_code": CheckoutAddPromoCode,
}

# Saleor 3 declares the connection of each of its types beside it.
_SALEOR_CONNECTIONS = {Product: ProductCountableConnection}


class ModelObjectType(SaleorModelObjectType):
    """A type over one of the plugin's models (Meta: `model`), with its
    `<Name>CountableConnection` for `CountableConnectionField`."""

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, _meta=None, **options):
        if not _meta:
            _meta = ModelObjectOptions(cls)
        connection_meta = type("Meta", (), {"node": cls})
        _meta.connection = type(
            f"{cls.__name__}CountableConnection", (CountableConnection,), {"Meta": connection_meta}
        )
        super().__init_subclass_with_meta__(_meta=_meta, **options)

    @classmethod
    def is_type_of(cls, root, _info):
        return isinstance(root, cls._meta.model)


def _unwrapped(type_):
    return type_.of_type if isinstance(type_, graphene.NonNull) else type_


def _saleor_root(type_):
    """How a model instance becomes the root Saleor 3's `type_` reads its fields from."""
    if issubclass(type_, ChannelContextType):
        return lambda node: ChannelContext(node=node, channel_slug=None)
    if issubclass(type_, SyncWebhookControlContextObjectType):
        # A read beside the loyalty data: never call a tax app for it.
        return lambda node: SyncWebhookControlContext(node=node, allow_sync_webhooks=False)
    return None


def _wrapping(resolver, wrap):
    def wrap_value(value):
        if value is None or isinstance(value, BaseContext):
            return value
        return wrap(value)

    def resolve(root, info, **args):
        value = resolver(root, info, **args)
        if isinstance(value, Promise):
            return value.then(wrap_value)
        return wrap_value(value)

    return resolve


class SaleorTypeField(graphene.Field):
    """A field of one of Saleor's types whose resolver returns the model instance (or a
    Promise of it); products and variants are served without a channel, as Saleor's own
    mutations answer them."""

    def get_resolver(self, parent_resolver):
        resolver = super().get_resolver(parent_resolver)
        wrap = _saleor_root(_unwrapped(self.type))
        return resolver if wrap is None else _wrapping(resolver, wrap)


class CountableConnectionField(ConnectionField):
    """A paginated field of `node_type` whose resolver returns a queryset. Saleor's
    channel-scoped types (products) take the `channel` to read them in (by default the
    default channel, as Saleor's `products`); the resolver gets it too."""

    def __init__(self, node_type, **kwargs):
        self.channel_scoped = issubclass(node_type, ChannelContextType)
        if self.channel_scoped:
            kwargs = {
                "channel": graphene.String(
                    description="Slug of a channel for which the data should be returned."
                ),
                **kwargs,
            }
        connection = _SALEOR_CONNECTIONS.get(node_type) or node_type._meta.connection
        super().__init__(connection, **kwargs)

    def get_resolver(self, parent_resolver):
        resolver = super().get_resolver(parent_resolver)
        connection = _unwrapped(self.type)

        def resolve(root, info, **args):
            if self.channel_scoped:
                args["channel"] = _channel_to_read(info, args.get("channel"))
            iterable = resolver(root, info, **args)
            if self.channel_scoped:
                iterable = ChannelQsContext(qs=iterable, channel_slug=args["channel"])
            return create_connection_slice(iterable, info, args, connection)

        return resolve


def _channel_to_read(info, channel):
    """The channel asked for. Without one, staff and apps who see every product read them
    outside any channel, as in Saleor's `products`; anyone else reads them in the shop's
    default channel (`DEFAULT_CHANNEL_SLUG`) or, if it has none of that name, in the one
    Saleor's `products` picks (its only active channel, else Saleor's error)."""
    if channel is not None or sees_all_products(request_user(info.context)):
        return channel
    if Channel.objects.filter(slug=settings.DEFAULT_CHANNEL_SLUG, is_active=True).exists():
        return settings.DEFAULT_CHANNEL_SLUG
    return get_default_channel_or_graphql_error(allow_replica=info.context.allow_replica).slug


def build_schema(query, mutation):
    """Build the schema the way Saleor 3 builds its own: federated, with Saleor's extra
    types, subscriptions and directives, and its field-usage metrics."""
    saleor = saleor_schema()
    schema = build_federated_schema(
        query,
        mutation=mutation,
        types=saleor.types,
        subscription=Subscription,
        directives=saleor.get_directives(),
    )
    monitor_fields_usage(schema)
    return schema


def saleor_schema():
    """Saleor's own schema, without the loyalty extension."""
    from saleor.graphql.api import schema

    return schema


def request_user(context):
    """The request's app, or its user (None when anonymous)."""
    return get_user_or_app_from_context(context)


def signed_in_user(context):
    """The staff or customer account signed in to the request; None for anonymous
    requests and apps (Saleor 3 keeps a lazy proxy of None then)."""
    setup_context_user(context)
    return context.user


def model_of(root):
    """The model instance behind the root of a field added to one of Saleor's types."""
    return root.node if isinstance(root, BaseContext) else root


def variant_price_key(root):
    """A variant's key for `variant_member_bases`: (its id, the root's channel); None
    without a channel."""
    return None if root.channel_slug is None else (root.node.pk, root.channel_slug)


def variant_member_bases(context, keys):
    """Promise of what a member's price of one unit of each (variant id, channel slug) is
    computed from: (the variant id, its price there before promotions, None or a function
    applying the listing's catalogue promotion to a price, as Saleor 3 applies it to a
    line's stored member price); None without a price there."""
    listings = _priced_listings(context, keys)
    found = [listings.get(key) for key in keys]
    promoted = [listing.id for listing in found if listing is not None and (
        listing.discounted_price_amount not in (None, listing.price_amount))]
    if not promoted:
        return Promise.resolve(_bases(keys, found, {}))
    loader = VariantChannelListingPromotionRuleByListingIdLoader(context)
    return loader.load_many(promoted).then(lambda listing_rules: _with_rules(
        context, keys, found, dict(zip(promoted, listing_rules))))


def _priced_listings(context, keys):
    """The priced channel listings of the (variant id, channel slug) keys, by key, as
    Saleor's VariantChannelListingByVariantIdAndChannelSlugLoader reads them but with only
    the columns a price needs: one query."""
    listings = ProductVariantChannelListing.objects.using(
        get_database_connection_name(context)
    ).filter(
        variant_id__in={variant_id for variant_id, _ in keys},
        channel__slug__in={channel_slug for _, channel_slug in keys},
        price_amount__isnull=False,
    )
    rows = listings.values_list(
        "variant_id", "channel__slug", "id", "currency", "price_amount", "discounted_price_amount",
        named=True,
    )
    return {(row.variant_id, row.channel__slug): row for row in rows}


def _with_rules(context, keys, listings, rules_of):
    """`rules_of`: the promotion rules of each promoted listing, by listing id."""
    rule_ids = {
        listing_id: rules[0].promotion_rule_id for listing_id, rules in rules_of.items() if rules
    }
    return PromotionRuleByIdLoader(context).load_many(list(rule_ids.values())).then(
        lambda rules: _bases(keys, listings, dict(zip(rule_ids, rules))))


def _bases(keys, listings, rule_of):
    """`rule_of`: the promotion rule of each listing that has one, by listing id."""
    return [
        None if listing is None else (
            variant_id,
            Prices(listing.price_amount, listing.currency),
            rule_of[listing.id].get_discount(listing.currency) if listing.id in rule_of else None,
        )
        for (variant_id, _), listing in zip(keys, listings)
    ]


def create_product(info, data):
    """Create a product exactly as Saleor's `productCreate` does (its validation, its
    webhooks); Saleor's ValidationErrors propagate to the caller."""
    return ProductCreate.perform_mutation(None, info, input=data).product.node
