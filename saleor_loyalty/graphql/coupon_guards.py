"""Member coupons in Saleor's checkout mutations: only their member may use them.

`checkoutAddPromoCode` refuses a member coupon on a checkout that does not belong to
its member; `checkoutComplete` checks the checkout's code again (the checkout may have
changed hands since), and the plugin's `preprocess_order_creation` is the last word.
"""
from ..coupons import check_code_owner
from ..host.discounts import checkout_owner_and_voucher
from .utils import parse_checkout_token


def _checkout(data):
    token = parse_checkout_token(data.get("checkout_id"))
    return checkout_owner_and_voucher(token) if token else None


def guard_promo_code(_info, data):
    checkout = _checkout(data)
    if checkout is not None:
        user_id, _code = checkout
        check_code_owner(user_id, data.get("promo_code"))


def guard_checkout_coupon(_info, data):
    checkout = _checkout(data)
    if checkout is not None:
        user_id, code = checkout
        check_code_owner(user_id, code)


def also_check_coupon(guard):
    """`guard`, then the checkout's member coupon."""

    def guarded(info, data):
        guard(info, data)
        guard_checkout_coupon(info, data)

    return guarded
