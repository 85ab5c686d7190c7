"""LoyaltyAudienceFilterInput (what staff send) and LoyaltyAudienceFilter (a stored filter,
read back), and their translation to and from the domain's `AudienceFilter` JSON."""
import graphene

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.graphql.core.utils import parse_global_id
from saleor_loyalty.graphql.insight.enums import LoyaltySegmentEnum
from saleor_loyalty.graphql.notifications.enums import LoyaltyMessageChannelEnum
from saleor_loyalty.graphql.tiers.dataloaders import TierByIdLoader
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import Date, DateRangeInput, Decimal
from saleor_loyalty.insight.audience_filter import AudienceFilter
from saleor_loyalty.insight.audiences import stored_filter

AUDIENCE_STAFF_HELP = "Staff (MANAGE_USERS or MANAGE_DISCOUNTS)"


class LoyaltyIntRangeInput(graphene.InputObjectType):
    gte = graphene.Int(description="At least this.")
    lte = graphene.Int(description="At most this.")


class LoyaltyMoneyRangeInput(graphene.InputObjectType):
    gte = Decimal(description="At least this, in the program's base currency.")
    lte = Decimal(description="At most this, in the program's base currency.")


class LoyaltyIntRange(graphene.ObjectType):
    gte = graphene.Int()
    lte = graphene.Int()


class LoyaltyMoneyRange(graphene.ObjectType):
    gte = Decimal()
    lte = Decimal()


class LoyaltyDateRange(graphene.ObjectType):
    gte = Date()
    lte = Date()


# API field -> (domain low, domain high) of each range.
RANGES = {
    "joined": ("joined_from", "joined_to"),
    "orders": ("orders_min", "orders_max"),
    "average_order_value": ("aov_min", "aov_max"),
    "window_spend": ("window_spend_min", "window_spend_max"),
    "lifetime_spend": ("lifetime_spend_min", "lifetime_spend_max"),
    "days_since_last_order": ("days_since_order_min", "days_since_order_max"),
    "points": ("points_min", "points_max"),
}
# API field -> (domain list, the Relay type of its IDs).
ID_LISTS = {"tiers": ("tiers", "LoyaltyTier"), "bought_categories": ("categories", "Category"),
            "bought_products": ("products", "Product")}

_HELP = {
    "tiers": "Members of any of these tiers.",
    "segments": "Members in any of these segments at the last segment run.",
    "tags": "Members with any of these tags (by name).",
    "joined": "Members who joined in this date range (shop time zone).",
    "window_days": "The window of `orders`, `averageOrderValue`, `windowSpend` and the "
                   "purchases, in days back from now (default 365).",
    "orders": "Paid orders in the window.",
    "average_order_value": "Money kept per paid order in the window.",
    "window_spend": "Money kept from paid orders in the window.",
    "lifetime_spend": "Money kept from every paid order.",
    "days_since_last_order": "Days since the last paid order (never: as long as can be).",
    "bought_categories": "Bought a product of any of these categories (or below) in the window.",
    "bought_products": "Bought any of these products in the window.",
    "points": "Points balance.",
    "channels": "Opted in to every one of these channels.",
}


def _fields(ranges: dict) -> dict:
    """The filter's fields, with `ranges` giving each range field's type."""
    return {
        "tiers": graphene.List(graphene.NonNull(graphene.ID), description=_HELP["tiers"]),
        "segments": graphene.List(graphene.NonNull(LoyaltySegmentEnum), description=_HELP["segments"]),
        "tags": graphene.List(graphene.NonNull(graphene.String), description=_HELP["tags"]),
        "window_days": graphene.Int(description=_HELP["window_days"]),
        "bought_categories": graphene.List(graphene.NonNull(graphene.ID),
                                           description=_HELP["bought_categories"]),
        "bought_products": graphene.List(graphene.NonNull(graphene.ID),
                                         description=_HELP["bought_products"]),
        "channels": graphene.List(graphene.NonNull(LoyaltyMessageChannelEnum),
                                  description=_HELP["channels"]),
        **{name: graphene.Field(kind, description=_HELP[name]) for name, kind in ranges.items()},
    }


LoyaltyAudienceFilterInput = type("LoyaltyAudienceFilterInput", (graphene.InputObjectType,), {
    **_fields({"joined": DateRangeInput, "orders": LoyaltyIntRangeInput,
               "average_order_value": LoyaltyMoneyRangeInput, "window_spend": LoyaltyMoneyRangeInput,
               "lifetime_spend": LoyaltyMoneyRangeInput,
               "days_since_last_order": LoyaltyIntRangeInput, "points": LoyaltyIntRangeInput}),
    "Meta": type("Meta", (), {"description": "Members chosen by what they are and did; every "
                                             "criterion given must hold."}),
})


def _value(item):
    return getattr(item, "value", item)


def filter_data(data) -> dict:
    """The domain's view of a LoyaltyAudienceFilterInput (IDs resolved to primary keys)."""
    result = {}
    for name, value in dict(data or {}).items():
        if value is None:
            continue
        if name in RANGES:
            low, high = RANGES[name]
            result[low], result[high] = dict(value).get("gte"), dict(value).get("lte")
        elif name in ID_LISTS:
            domain, type_name = ID_LISTS[name]
            ids = [parse_global_id(global_id, type_name) for global_id in value]
            if None in ids:
                raise loyalty_error(LoyaltyErrorCode.NOT_FOUND,
                                    f"Give IDs of {type_name} objects.", name)
            result[domain] = ids
        else:
            result[name] = [_value(item) for item in value] if isinstance(value, list) else value
    return {key: value for key, value in result.items() if value is not None}


def _stored_value(name, default, root: AudienceFilter, _info, **_args):
    if name in RANGES:
        low, high = (getattr(root, key) for key in RANGES[name])
        return None if low is None and high is None else {"gte": low, "lte": high}
    return getattr(root, name, default)


class LoyaltyAudienceFilter(graphene.ObjectType):
    tiers = graphene.List(graphene.NonNull(LoyaltyTier), required=True)
    segments = graphene.List(graphene.NonNull(LoyaltySegmentEnum), required=True)
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    joined = graphene.Field(LoyaltyDateRange)
    window_days = graphene.Int(required=True)
    orders = graphene.Field(LoyaltyIntRange)
    average_order_value = graphene.Field(LoyaltyMoneyRange)
    window_spend = graphene.Field(LoyaltyMoneyRange)
    lifetime_spend = graphene.Field(LoyaltyMoneyRange)
    days_since_last_order = graphene.Field(LoyaltyIntRange)
    bought_categories = graphene.List(graphene.NonNull(graphene.ID), required=True)
    bought_products = graphene.List(graphene.NonNull(graphene.ID), required=True)
    points = graphene.Field(LoyaltyIntRange)
    channels = graphene.List(graphene.NonNull(LoyaltyMessageChannelEnum), required=True)

    class Meta:
        description = "A stored audience filter, as it was given."
        default_resolver = _stored_value

    @staticmethod
    def resolve_tiers(root: AudienceFilter, info):
        tiers = TierByIdLoader(info.context).load_many(list(root.tiers))
        return tiers.then(lambda found: [tier for tier in found if tier is not None])

    @staticmethod
    def resolve_bought_categories(root: AudienceFilter, _info):
        return [graphene.Node.to_global_id("Category", pk) for pk in root.categories]

    @staticmethod
    def resolve_bought_products(root: AudienceFilter, _info):
        return [graphene.Node.to_global_id("Product", pk) for pk in root.products]


def stored(data) -> AudienceFilter:
    """A LoyaltyAudienceFilter's root: a filter stored as JSON, or None for none."""
    return stored_filter(data) if data is not None else None
