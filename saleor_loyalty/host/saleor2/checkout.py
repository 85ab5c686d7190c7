"""Saleor 2.10 checkouts and draft orders, as loyalty pricing and access rules need them."""
from decimal import Decimal
from typing import List

from django.core.exceptions import ValidationError
from saleor.checkout.models import CheckoutLine
from saleor.order.models import OrderLine

# The code Saleor's CheckoutErrorCode and its other error enums share for a refusal.
SALEOR_INVALID = "invalid"


def shop_unit_price(variant, discounts) -> Decimal:
    """What Saleor charges for one unit of a variant before any plugin (sales included),
    as its base checkout line total does."""
    return variant.get_price(discounts or []).amount


def checkout_variant_ids(checkout) -> List[int]:
    return list(checkout_variants(checkout.pk))


def checkout_variants(token):
    """Queryset of the variant ids in the checkout `token`, to use as a subquery."""
    return CheckoutLine.objects.filter(checkout_id=token).values_list("variant_id", flat=True)


def order_variant_ids(order) -> List[int]:
    return [
        pk
        for pk in OrderLine.objects.filter(order_id=order.pk).values_list("variant_id", flat=True)
        if pk is not None
    ]


def refuse_order(message: str, field: str = "lines") -> ValidationError:
    """A refusal Saleor's checkoutComplete reports in its own `checkoutErrors`."""
    return ValidationError({field: ValidationError(message, code=SALEOR_INVALID)})
