"""Message templates merchants write per channel: plain text with placeholders such as
`{first_name}`, nothing else.

Templates are parsed by `string.Formatter().parse` only, never passed to `str.format`: a
placeholder is one of PLACEHOLDERS, with no attribute or index access, conversion or format
specification, so a template can read nothing but the values it is given. `{{` and `}}` write
literal braces.
"""
from string import Formatter
from typing import Iterator, Mapping, Optional, Tuple

from django.core.exceptions import ValidationError

PLACEHOLDERS = ("first_name", "points", "tier", "coupon_code", "order_number", "survey_url")


def _pieces(text: str) -> Iterator[Tuple[str, Optional[str]]]:
    """(literal text, placeholder name or None) of a template; ValidationError (code
    `invalid`) naming what is wrong with the first placeholder that is not allowed."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            "Malformed braces (%(error)s); write {{ and }} for literal braces.",
            code="invalid", params={"error": str(exc)})
    for literal, name, format_spec, conversion in parsed:
        if name is None:
            yield literal, None
            continue
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            raise ValidationError(
                "Unknown placeholder {%(placeholder)s}; use one of " + known + ".",
                code="invalid", params={"placeholder": name})
        if format_spec or conversion:
            raise ValidationError(
                "The placeholder {%(placeholder)s} takes no conversion or format.",
                code="invalid", params={"placeholder": name})
        yield literal, name


def validate_template(text: str) -> None:
    """Refuse a template with malformed braces or a placeholder not in PLACEHOLDERS."""
    list(_pieces(text or ""))


def render(text: str, values: Mapping[str, object]) -> str:
    """The template with each placeholder replaced by its value (empty when missing)."""
    out = []
    for literal, name in _pieces(text or ""):
        out.append(literal)
        if name is not None and values.get(name) is not None:
            out.append(str(values[name]))
    return "".join(out)
