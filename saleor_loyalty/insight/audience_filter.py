"""An audience filter: what members are (tier, segment, tags, when they joined, points,
channels) and what they did (orders, average order value, spend, days since their last
order, what they bought), combined with AND; within one list (tiers, segments, tags,
categories and products, channels) any item matches.

Filters are stored as JSON on saved audiences, tag rules, campaigns and journeys
(`as_json`), read back with `parse_filter`, which also validates staff input: every
problem is reported with its field (in the API's camelCase).
"""
from dataclasses import asdict, dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Optional, Tuple

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector

CHANNELS = ("email", "sms", "push")
DEFAULT_WINDOW_DAYS = 365
MAX_WINDOW_DAYS = 3650
MAX_ITEMS = 200
MAX_MONEY = Decimal(10) ** 12
# (low, high) pairs: a range's two ends, each optional, low <= high.
RANGES = (
    ("orders_min", "orders_max"), ("aov_min", "aov_max"),
    ("window_spend_min", "window_spend_max"), ("lifetime_spend_min", "lifetime_spend_max"),
    ("days_since_order_min", "days_since_order_max"), ("points_min", "points_max"),
    ("joined_from", "joined_to"),
)
_INTS = ("orders_min", "orders_max", "days_since_order_min", "days_since_order_max",
         "points_min", "points_max")
_MONEY = ("aov_min", "aov_max", "window_spend_min", "window_spend_max",
          "lifetime_spend_min", "lifetime_spend_max")
_DATES = ("joined_from", "joined_to")
_ID_LISTS = ("tiers", "categories", "products")
_TEXT_LISTS = ("segments", "tags", "channels")


@dataclass(frozen=True)
class AudienceFilter:
    tiers: Tuple[int, ...] = ()
    segments: Tuple[str, ...] = ()
    tags: Tuple[str, ...] = ()
    joined_from: Optional[date] = None
    joined_to: Optional[date] = None
    # Orders, average order value, window spend and purchases count paid orders of the
    # last `window_days` days; lifetime spend and days since the last order count all.
    window_days: int = DEFAULT_WINDOW_DAYS
    orders_min: Optional[int] = None
    orders_max: Optional[int] = None
    aov_min: Optional[Decimal] = None
    aov_max: Optional[Decimal] = None
    window_spend_min: Optional[Decimal] = None
    window_spend_max: Optional[Decimal] = None
    lifetime_spend_min: Optional[Decimal] = None
    lifetime_spend_max: Optional[Decimal] = None
    # A member who never paid for an order counts as infinitely long ago.
    days_since_order_min: Optional[int] = None
    days_since_order_max: Optional[int] = None
    # Bought a product of one of these categories, or one of these products, in the window.
    categories: Tuple[int, ...] = ()
    products: Tuple[int, ...] = ()
    points_min: Optional[int] = None
    points_max: Optional[int] = None
    # Opted in to every one of these channels.
    channels: Tuple[str, ...] = ()

    def uses_window(self) -> bool:
        """Whether a criterion counts the window's orders (orders, AOV, window spend)."""
        return any(getattr(self, name) is not None for pair in RANGES[:3] for name in pair)

    def as_json(self) -> dict:
        """The criteria that are set, as JSON values (dates ISO, money as strings)."""
        data = {}
        for name, value in asdict(self).items():
            if value in (None, (), []) or (name == "window_days" and value == DEFAULT_WINDOW_DAYS):
                continue
            if isinstance(value, (date, Decimal)):
                value = str(value) if isinstance(value, Decimal) else value.isoformat()
            data[name] = list(value) if isinstance(value, tuple) else value
        return data


# The API's name of each criterion (ranges are `{gte, lte}` inputs there).
API_FIELDS = {
    "joined_from": "joined", "joined_to": "joined", "window_days": "windowDays",
    "orders_min": "orders", "orders_max": "orders", "aov_min": "averageOrderValue",
    "aov_max": "averageOrderValue", "window_spend_min": "windowSpend",
    "window_spend_max": "windowSpend", "lifetime_spend_min": "lifetimeSpend",
    "lifetime_spend_max": "lifetimeSpend", "days_since_order_min": "daysSinceLastOrder",
    "days_since_order_max": "daysSinceLastOrder", "categories": "boughtCategories",
    "products": "boughtProducts", "points_min": "points", "points_max": "points",
}


def api_field(name: str) -> str:
    return API_FIELDS.get(name, name)


def _number(kind, value, field: str, errors: ErrorCollector):
    try:
        if kind is int:
            if isinstance(value, bool) or int(value) != value:
                raise ValueError
            number = int(value)
            if not 0 <= number <= 2 ** 31 - 1:
                raise ValueError
            return number
        number = Decimal(str(value))
        if not number.is_finite() or not 0 <= number < MAX_MONEY:
            raise ValueError
        return number
    except (TypeError, ValueError, InvalidOperation):
        errors.add(field, LoyaltyErrorCode.INVALID, "Give a number of zero or more.")
        return None


def _date(value, field: str, errors: ErrorCollector):
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.add(field, LoyaltyErrorCode.INVALID, "Give a date as YYYY-MM-DD.")
        return None


def _items(name: str, value, errors: ErrorCollector, known_segments) -> tuple:
    field = api_field(name)
    if not isinstance(value, (list, tuple)) or len(value) > MAX_ITEMS:
        errors.add(field, LoyaltyErrorCode.INVALID, f"Give a list of at most {MAX_ITEMS} items.")
        return ()
    if name in _ID_LISTS:
        numbers = [_number(int, item, field, errors) for item in value]
        return tuple(sorted({n for n in numbers if n is not None}))
    items = sorted({str(item).strip() for item in value if str(item).strip()})
    if name == "channels":
        unknown = [item for item in items if item not in CHANNELS]
    elif name == "segments":
        unknown = [item for item in items if item not in known_segments]
    else:
        unknown = [item for item in items if len(item) > 50]
    if unknown:
        errors.add(field, LoyaltyErrorCode.INVALID, f"Unknown {field}: {', '.join(unknown)}.")
    return tuple(items)


def parse_filter(data: dict, errors: ErrorCollector, known_segments=()) -> AudienceFilter:
    """An `AudienceFilter` from JSON or API input (snake_case keys, ids as integers);
    problems go to `errors` under the API's field names."""
    if not isinstance(data, dict):
        errors.add("filter", LoyaltyErrorCode.INVALID, "Give a filter.")
        return AudienceFilter()
    names = {f.name for f in fields(AudienceFilter)}
    for unknown in sorted(set(data) - names):
        errors.add(api_field(unknown), LoyaltyErrorCode.INVALID, "Unknown criterion.")
    values = {}
    for name, value in data.items():
        if name not in names or value is None:
            continue
        if name in _ID_LISTS or name in _TEXT_LISTS:
            values[name] = _items(name, value, errors, known_segments)
        elif name in _DATES:
            values[name] = _date(value, api_field(name), errors)
        elif name in _MONEY:
            values[name] = _number(Decimal, value, api_field(name), errors)
        else:
            values[name] = _number(int, value, api_field(name), errors)
    window = values.get("window_days", DEFAULT_WINDOW_DAYS)
    if window is not None and not 1 <= window <= MAX_WINDOW_DAYS:
        errors.add("windowDays", LoyaltyErrorCode.INVALID,
                   f"The window is 1 to {MAX_WINDOW_DAYS} days.")
    for low, high in RANGES:
        if values.get(low) is not None and values.get(high) is not None and values[low] > values[high]:
            errors.add(api_field(low), LoyaltyErrorCode.INVALID,
                       f"The range of {api_field(low)} starts above its end.")
    return AudienceFilter(**{k: v for k, v in values.items() if v is not None})
