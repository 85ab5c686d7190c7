"""How the program's settings read their values: the kinds of setting and the parsers of
the values merchants type (numbers in range, booleans, category multipliers, coupon
values). `core.program` lists the settings."""
from decimal import Decimal, InvalidOperation
from typing import Dict, Optional, Tuple

TEXT = "text"
DECIMAL = "decimal"
INT = "int"
OPTIONAL_INT = "optional_int"
OPTIONAL_DECIMAL = "optional_decimal"
BOOL = "bool"
CHOICE = "choice"
COUPON_VALUE = "coupon_value"


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in ("true", "1", "yes"):
        return True
    if str(value).strip().lower() in ("false", "0", "no", ""):
        return False
    raise ValueError("must be true or false")


def parse_number(setting, value):
    """A number setting's value (`setting`: its kind, minimum and maximum)."""
    text = "" if value is None else str(value).strip()
    if text == "":
        if setting.kind in (OPTIONAL_INT, OPTIONAL_DECIMAL):
            return None
        raise ValueError("is required")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("must be a number")
    if not number.is_finite():
        raise ValueError("must be a number")
    if setting.kind in (INT, OPTIONAL_INT) and number != number.to_integral_value():
        raise ValueError("must be a whole number")
    if setting.minimum is not None and number < setting.minimum:
        raise ValueError(f"must be at least {setting.minimum}")
    if setting.maximum is not None and number > setting.maximum:
        raise ValueError(f"must be at most {setting.maximum}")
    return int(number) if setting.kind in (INT, OPTIONAL_INT) else number


def parse_category_multipliers(text: str) -> Dict[str, Decimal]:
    multipliers = {}
    for pair in filter(None, (p.strip() for p in (text or "").split(","))):
        slug, sep, factor = pair.partition(":")
        if not sep or not slug.strip():
            raise ValueError(f"'{pair}' is not category-slug:multiplier")
        try:
            value = Decimal(factor.strip())
        except InvalidOperation:
            raise ValueError(f"'{factor.strip()}' is not a number")
        if not value.is_finite() or value < 0 or value > 100:
            raise ValueError("multipliers must be between 0 and 100")
        multipliers[slug.strip()] = value
    return multipliers


def parse_coupon_value(value) -> Optional[Tuple[bool, Decimal]]:
    """"5" -> (False, 5), "10%" -> (True, 10), "" -> None (switched off)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    percent = text.endswith("%")
    try:
        number = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        raise ValueError("must be an amount (5) or a percentage (10%)")
    if not number.is_finite() or number <= 0:
        raise ValueError("must be above 0")
    if percent and number > 100:
        raise ValueError("must be at most 100%")
    if not percent and number > 10 ** 6:
        raise ValueError("must be at most 1000000")
    return percent, number
