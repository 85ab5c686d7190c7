"""Why Saleor's checkout refused an order, in loyalty terms, for the request's answer.

`preprocess_order_creation` can only refuse an order with Saleor's own error codes
(INVALID). The loyalty error behind it (TIER_TOO_LOW, COUPON_NOT_OWNED) is kept here
for the current request, so the GraphQL layer can add it to `loyaltyErrors`.
"""
import contextvars

_refusal = contextvars.ContextVar("loyalty_checkout_refusal", default=None)


def record(error):
    _refusal.set(error)


def run_collecting(call):
    """`(call(), the loyalty error recorded while it ran or None)`."""
    token = _refusal.set(None)
    try:
        result = call()
        return result, _refusal.get()
    finally:
        _refusal.reset(token)
