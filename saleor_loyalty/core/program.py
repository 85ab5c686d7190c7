"""The program's rules, read from the plugin configuration merchants edit in Saleor.

Every number of the program lives here, parsed and validated once; domain modules
receive a `Program` and never read the raw configuration.
"""
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Dict, List, Optional

from django.core.exceptions import ValidationError

from saleor_loyalty.core.currencies import CurrencyRule, parse_currency_rules
from saleor_loyalty.core.identity import PLUGIN_ID
from saleor_loyalty.core.message_settings import (
    MESSAGE_PARSERS,
    MESSAGE_SETTINGS,
    MessageSettings,
    message_settings,
)
from saleor_loyalty.core.setting_values import (
    BOOL,
    CHOICE,
    COUPON_VALUE,
    DECIMAL,
    INT,
    OPTIONAL_DECIMAL,
    OPTIONAL_INT,
    TEXT,
    parse_bool,
    parse_category_multipliers,
    parse_coupon_value,
    parse_number,
)
from saleor_loyalty.host import plugins as host_plugins
from saleor_loyalty.host import shop as host_shop

CHOICES = {"pointsOnUpgrade": ("keep", "reset")}


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    kind: str
    label: str
    help_text: str
    minimum: Optional[Decimal] = None
    maximum: Optional[Decimal] = None


SETTINGS: List[Setting] = [
    Setting("programName", "Rewards Club", TEXT, "Program name",
            "Shown to shoppers in the storefront."),
    Setting("pointsPerCurrencyUnit", "1", DECIMAL, "Points per currency unit",
            "Points earned per one unit of the shop currency spent, before multipliers.",
            minimum=Decimal(0), maximum=Decimal(10000)),
    Setting("pointValue", "0.01", DECIMAL, "Point value",
            "Money value of one point when redeemed, in the shop currency.",
            minimum=Decimal(0), maximum=Decimal(1000)),
    Setting("currencyRules", "", TEXT, "Currency rules",
            "Earning in currencies other than the shop's base currency: comma-separated "
            "CURRENCY:points-per-unit:rate[:point-value] rules, e.g. 'PLN:0.25:0.25' (0.25 "
            "points per PLN; 1 PLN counts as 0.25 of the base currency in rolling-spend "
            "tiers and segments). Orders in a currency without a rule earn nothing; the base "
            "currency always earns by the settings above."),
    Setting("minimumRedemption", "100", INT, "Minimum redemption",
            "Fewest points a single redemption may use.",
            minimum=Decimal(1), maximum=Decimal(10 ** 9)),
    Setting("returnWindowDays", "14", INT, "Return window (days)",
            "Points stay pending this many days after fulfilment; 0 makes them "
            "available at fulfilment.", minimum=Decimal(0), maximum=Decimal(3650)),
    Setting("pointsLifetimeDays", "365", OPTIONAL_INT, "Points lifetime (days)",
            "Points expire this many days after they become available; empty for never.",
            minimum=Decimal(1), maximum=Decimal(36500)),
    Setting("expiryReminderDays", "14", OPTIONAL_INT, "Expiry reminder (days)",
            "E-mail members this many days before points expire; empty for no reminder.",
            minimum=Decimal(1), maximum=Decimal(365)),
    Setting("earnOnTaxes", False, BOOL, "Earn on taxes",
            "Count taxes in the amount points are earned on."),
    Setting("earnOnGiftCardPayments", False, BOOL, "Earn on gift-card payments",
            "Count the part of an order paid with gift cards."),
    Setting("maxPointsPerOrder", "", OPTIONAL_INT, "Points cap per order",
            "Most points one order can earn; empty for no cap.",
            minimum=Decimal(0), maximum=Decimal(10 ** 9)),
    Setting("categoryMultipliers", "", TEXT, "Category multipliers",
            "Comma-separated category-slug:multiplier pairs, e.g. 'shoes:2, gift-cards:0'; "
            "0 excludes a category from earning."),
    Setting("memberDay", "", OPTIONAL_INT, "Member day",
            "Day of the month (1-31) with bonus points; empty for none.",
            minimum=Decimal(1), maximum=Decimal(31)),
    Setting("memberDayMultiplier", "2", DECIMAL, "Member day multiplier",
            "Earn multiplier on member day.", minimum=Decimal(1), maximum=Decimal(100)),
    Setting("referrerReward", "200", INT, "Referrer reward (points)",
            "Points a referrer earns when the referee's first order becomes available.",
            minimum=Decimal(0), maximum=Decimal(10 ** 9)),
    Setting("tierDowngradeGraceDays", "30", INT, "Tier downgrade grace (days)",
            "A member who no longer qualifies keeps the tier this long before the review "
            "moves them down.", minimum=Decimal(0), maximum=Decimal(3650)),
    Setting("pointsOnUpgrade", "keep", CHOICE, "Points on tier upgrade",
            "'keep' the balance when a member moves up a tier, or 'reset' it to zero."),
    Setting("backfillOnJoin", False, BOOL, "Credit past orders on joining",
            "When a customer joins, earn points for their earlier orders too."),
    Setting("checkInPoints", "10", INT, "Check-in points",
            "Points for a daily check-in.", minimum=Decimal(0), maximum=Decimal(10 ** 6)),
    Setting("segmentWindowDays", "365", INT, "Segment window (days)",
            "RFM segments score the paid orders of this many past days.",
            minimum=Decimal(1), maximum=Decimal(3650)),
    Setting("dormantDays", "90", INT, "Dormant after (days)",
            "A member with no paid order for this many days is dormant.",
            minimum=Decimal(1), maximum=Decimal(3650)),
    Setting("checkInStreakDays", "7", OPTIONAL_INT, "Check-in streak length (days)",
            "Every this many check-ins in a row earn the streak bonus; empty for none.",
            minimum=Decimal(2), maximum=Decimal(366)),
    Setting("checkInStreakBonus", "50", INT, "Check-in streak bonus",
            "Extra points on the last day of each streak.",
            minimum=Decimal(0), maximum=Decimal(10 ** 6)),
    Setting("profileCompletionPoints", "50", INT, "Profile completion points",
            "Points a member gets once for a complete profile (first and last name, "
            "birthday, an address); 0 switches it off.",
            minimum=Decimal(0), maximum=Decimal(10 ** 6)),
    Setting("referrerRewardPercent", "", OPTIONAL_INT, "Referrer reward (percent)",
            "When set, the referrer earns this percent of the points of the referee's "
            "first order instead of the fixed reward.", minimum=Decimal(1), maximum=Decimal(100)),
    Setting("redemptionCouponDays", "90", INT, "Redeemed points coupon validity (days)",
            "How long a code bought with points can be used; unused points come back after.",
            minimum=Decimal(1), maximum=Decimal(3650)),
    Setting("rewardCouponDays", "90", INT, "Points-mall coupon validity (days)",
            "How long a points-mall reward can be used; unused points come back after.",
            minimum=Decimal(1), maximum=Decimal(3650)),
]

# Member coupons issued on an occasion: (setting prefix, coupon kind, label, default
# value, default validity in days or None when the occasion sets it). A value is an
# amount ("5") or a percentage ("10%"); empty switches the kind off.
COUPON_OCCASIONS = [
    ("welcome", "welcome", "Welcome coupon", "5", "30"),
    ("birthday", "birthday", "Birthday coupon", "10%", None),
    ("repurchase", "repurchase", "Repurchase coupon", "", "30"),
    ("winback", "winback", "Win-back coupon", "", "30"),
    ("memberDay", "member_day", "Member day coupon", "", None),
]
for _prefix, _kind, _label, _value, _days in COUPON_OCCASIONS:
    SETTINGS.append(Setting(
        f"{_prefix}Coupon", _value, COUPON_VALUE, _label,
        "Amount off (e.g. 5) or percent off (e.g. 10%); empty switches it off."))
    SETTINGS.append(Setting(
        f"{_prefix}CouponMinimumSpend", "", OPTIONAL_DECIMAL, f"{_label}: minimum spend",
        "Smallest order subtotal the coupon applies to; empty for none.",
        minimum=Decimal(0), maximum=Decimal(10 ** 9)))
    if _days is not None:
        SETTINGS.append(Setting(
            f"{_prefix}CouponDays", _days, INT, f"{_label}: validity (days)",
            "How long the coupon can be used after it is issued.",
            minimum=Decimal(1), maximum=Decimal(3650)))
SETTINGS.append(Setting(
    "winbackAfterDays", "90", INT, "Win-back after (days)",
    "A member with no paid order for this many days gets the win-back coupon (once "
    "per dormant period).", minimum=Decimal(1), maximum=Decimal(3650)))
SETTINGS.extend(Setting(name, "", TEXT, label, text) for name, label, text, _ in MESSAGE_SETTINGS)
SETTINGS_BY_NAME: Dict[str, Setting] = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class CouponRule:
    """How a kind of member coupon is valued; `days` None: valid for its occasion."""

    percent: bool
    value: Decimal
    minimum_spend: Optional[Decimal]
    days: Optional[int]


@dataclass(frozen=True)
class Program:
    active: bool
    name: str
    points_per_currency_unit: Decimal
    point_value: Decimal
    minimum_redemption: int
    return_window_days: int
    points_lifetime_days: Optional[int]
    expiry_reminder_days: Optional[int]
    earn_on_taxes: bool
    earn_on_gift_card_payments: bool
    max_points_per_order: Optional[int]
    category_multipliers: Dict[str, Decimal]
    member_day: Optional[int]
    member_day_multiplier: Decimal
    referrer_reward: int
    check_in_points: int
    backfill_on_join: bool
    tier_downgrade_grace_days: int
    reset_points_on_upgrade: bool
    segment_window_days: int
    dormant_days: int
    check_in_streak_days: Optional[int] = None
    check_in_streak_bonus: int = 0
    profile_completion_points: int = 50
    referrer_reward_percent: Optional[int] = None
    redemption_coupon_days: int = 90
    reward_coupon_days: int = 90
    winback_after_days: int = 90
    # Coupon kind (CouponKind value) -> rule; kinds switched off are missing.
    coupon_rules: Dict[str, CouponRule] = None
    # Currency code -> its earning rule, for currencies other than the base currency.
    currency_rules: Dict[str, CurrencyRule] = None
    messages: MessageSettings = MessageSettings()

    def coupon_rule(self, kind: str) -> Optional[CouponRule]:
        return (self.coupon_rules or {}).get(kind)

    @cached_property
    def currency(self) -> str:
        """The shop's base currency, read when first asked."""
        return host_shop.base_currency()

    def currency_rule(self, currency: str) -> Optional[CurrencyRule]:
        """How orders in `currency` earn: by the program's own numbers in the base
        currency, by their currency's rule in another, not at all (None) without one."""
        if currency == self.currency:
            return CurrencyRule(self.points_per_currency_unit, Decimal(1), self.point_value)
        return (self.currency_rules or {}).get(currency)

    def rates(self) -> Dict[str, Decimal]:
        """What one unit of each currency with a rule counts as in the base currency."""
        rates = {self.currency: Decimal(1)}
        rates.update((code, rule.rate) for code, rule in (self.currency_rules or {}).items()
                     if code != self.currency)
        return rates

    def point_values(self) -> Dict[str, Decimal]:
        """The money one point is worth in each currency that gives points a value: the
        base currency, then those whose rule sets a point value."""
        values = {self.currency: self.point_value}
        values.update((code, rule.point_value) for code, rule in (self.currency_rules or {}).items()
                      if code != self.currency and rule.point_value is not None)
        return values


def default_configuration() -> List[dict]:
    return [{"name": s.name, "value": s.default} for s in SETTINGS]


def config_structure() -> Dict[str, dict]:
    return {
        s.name: {
            "type": host_plugins.BOOLEAN if s.kind == BOOL else host_plugins.STRING,
            "label": s.label,
            "help_text": s.help_text,
        }
        for s in SETTINGS
    }


def _coupon_rules(values: dict) -> Dict[str, CouponRule]:
    rules = {}
    for prefix, kind, _label, _value, days in COUPON_OCCASIONS:
        parsed = values[f"{prefix}Coupon"]
        if parsed is not None:
            rules[kind] = CouponRule(
                percent=parsed[0],
                value=parsed[1],
                minimum_spend=values[f"{prefix}CouponMinimumSpend"] or None,
                days=values[f"{prefix}CouponDays"] if days is not None else None,
            )
    return rules


def _parse(setting: Setting, value):
    if setting.name in MESSAGE_PARSERS:
        return MESSAGE_PARSERS[setting.name](value)
    if setting.kind == COUPON_VALUE:
        return parse_coupon_value(value)
    if setting.kind == BOOL:
        return parse_bool(value)
    if setting.kind == CHOICE:
        text = "" if value is None else str(value).strip().lower()
        if text not in CHOICES[setting.name]:
            raise ValueError("must be one of " + ", ".join(CHOICES[setting.name]))
        return text
    if setting.kind == TEXT:
        text = "" if value is None else str(value).strip()
        if setting.name == "categoryMultipliers":
            return parse_category_multipliers(text)
        if setting.name == "currencyRules":
            return parse_currency_rules(text)
        if not text:
            raise ValueError("is required")
        if len(text) > 250:
            raise ValueError("must be at most 250 characters")
        return text
    return parse_number(setting, value)


def parse_configuration(configuration: List[dict], active: bool) -> Program:
    """Turn Saleor's list of {name, value} into a Program; raise ValidationError."""
    raw = {s.name: s.default for s in SETTINGS}
    raw.update({item["name"]: item.get("value") for item in configuration or []
                if item.get("name") in SETTINGS_BY_NAME})
    values, errors = {}, {}
    for setting in SETTINGS:
        try:
            values[setting.name] = _parse(setting, raw[setting.name])
        except ValueError as exc:
            errors[setting.name] = ValidationError(f"{setting.label} {exc}.", code="invalid")
    if errors:
        raise ValidationError(errors)
    return Program(
        active=active,
        name=values["programName"],
        points_per_currency_unit=values["pointsPerCurrencyUnit"],
        point_value=values["pointValue"],
        minimum_redemption=values["minimumRedemption"],
        return_window_days=values["returnWindowDays"],
        points_lifetime_days=values["pointsLifetimeDays"],
        expiry_reminder_days=values["expiryReminderDays"],
        earn_on_taxes=values["earnOnTaxes"],
        earn_on_gift_card_payments=values["earnOnGiftCardPayments"],
        max_points_per_order=values["maxPointsPerOrder"],
        category_multipliers=values["categoryMultipliers"],
        member_day=values["memberDay"],
        member_day_multiplier=values["memberDayMultiplier"],
        referrer_reward=values["referrerReward"],
        check_in_points=values["checkInPoints"],
        backfill_on_join=values["backfillOnJoin"],
        tier_downgrade_grace_days=values["tierDowngradeGraceDays"],
        reset_points_on_upgrade=values["pointsOnUpgrade"] == "reset",
        segment_window_days=values["segmentWindowDays"],
        dormant_days=values["dormantDays"],
        check_in_streak_days=values["checkInStreakDays"],
        check_in_streak_bonus=values["checkInStreakBonus"],
        profile_completion_points=values["profileCompletionPoints"],
        referrer_reward_percent=values["referrerRewardPercent"],
        redemption_coupon_days=values["redemptionCouponDays"],
        reward_coupon_days=values["rewardCouponDays"],
        winback_after_days=values["winbackAfterDays"],
        coupon_rules=_coupon_rules(values),
        currency_rules=values["currencyRules"],
        messages=message_settings(values),
    )


def load_program() -> Program:
    """The program as configured now (one query), defaults where nothing is saved."""
    stored = host_plugins.get_plugin_configuration(PLUGIN_ID)
    if stored is None:
        return parse_configuration(default_configuration(), active=True)
    active, configuration = stored
    return parse_configuration(configuration, active=active)
