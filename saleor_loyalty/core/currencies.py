"""Money in several currencies: how orders in a currency other than the program's base
currency earn (the `currencyRules` setting), and rounding to each currency's own unit.

The program counts money in the shop's base currency. An order in another currency earns
by its currency's rule and counts in rolling-spend tiers and segments at the rule's rate;
an order in a currency without a rule earns nothing and counts nowhere.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Dict, Optional

from babel.numbers import get_currency_precision


@dataclass(frozen=True)
class CurrencyRule:
    """How orders in one currency earn: points per unit of it, what one unit counts as
    in the base currency (tiers, segments), and the point value in it, if it has one."""

    points_per_unit: Decimal
    rate: Decimal
    point_value: Optional[Decimal] = None


def parse_currency_rules(text: str) -> Dict[str, CurrencyRule]:
    """"PLN:0.25:0.25, EUR:1:1.1:0.01" -> {currency: CurrencyRule}."""
    rules = {}
    for entry in filter(None, (e.strip() for e in (text or "").split(","))):
        parts = [p.strip() for p in entry.split(":")]
        if len(parts) not in (3, 4):
            raise ValueError(f"'{entry}' is not CURRENCY:points-per-unit:rate[:point-value]")
        code = parts[0].upper()
        if len(code) != 3 or not code.isalpha() or not code.isascii():
            raise ValueError(f"'{parts[0]}' is not a three-letter currency code")
        if code in rules:
            raise ValueError(f"{code} has two rules")
        try:
            numbers = [Decimal(p) for p in parts[1:]]
        except InvalidOperation:
            raise ValueError(f"'{entry}' has a part that is not a number")
        if not all(n.is_finite() for n in numbers):
            raise ValueError(f"'{entry}' has a part that is not a number")
        points, rate = numbers[0], numbers[1]
        if not 0 <= points <= 10000:
            raise ValueError(f"points per unit of {code} must be between 0 and 10000")
        if not 0 < rate <= 10 ** 6:
            raise ValueError(f"the rate of {code} must be above 0 and at most 1000000")
        point_value = numbers[2] if len(numbers) == 3 else None
        if point_value is not None and not 0 <= point_value <= 10 ** 6:
            raise ValueError(f"the point value in {code} must be between 0 and 1000000")
        rules[code] = CurrencyRule(points_per_unit=points, rate=rate, point_value=point_value)
    return rules


def round_money(amount: Decimal, currency: str) -> Decimal:
    """`amount` rounded (half up) to the smallest unit of `currency`: cents for USD, whole
    yen for JPY, fils (3 decimals) for KWD."""
    return Decimal(amount).quantize(Decimal(1).scaleb(-get_currency_precision(currency)),
                                    rounding=ROUND_HALF_UP)


# SQL for (currency, rate), the rates of `rate_params` as a table: what one unit of each
# currency counts as in the base currency; a currency missing from it counts as nothing.
RATES_SQL = """SELECT * FROM unnest(%(rate_currencies)s::text[], %(rates)s::numeric[])
               AS rates(currency, rate)"""


def rate_params(rates: Dict[str, Decimal]) -> dict:
    """The parameters of `RATES_SQL` for `rates` ({currency: rate}, `Program.rates()`)."""
    return {"rate_currencies": list(rates), "rates": list(rates.values())}
