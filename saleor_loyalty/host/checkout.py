"""Checkouts and the order-creation refusal, as the loyalty domain reads them.

The interface: the names the plugin uses, which read the same on both Saleor generations
(checkouts keyed by their token, their lines and order lines naming their variant, and
checkoutComplete reporting a field-keyed refusal in its own errors). How each generation
prices a member's lines is its own (`host/<generation>/checkout.py`, reached from its
`plugins.py`): Saleor 2.10 asks the plugin for every line's price, Saleor 3 stores it.
"""
from typing import List

from django.core.exceptions import ValidationError
from saleor.checkout.models import CheckoutLine
from saleor.order.models import OrderLine

# The code Saleor's CheckoutErrorCode and its other error enums share for a refusal.
SALEOR_INVALID = "invalid"


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
    """A refusal Saleor's checkoutComplete reports in its own errors."""
    return ValidationError({field: ValidationError(message, code=SALEOR_INVALID)})
