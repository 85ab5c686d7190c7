"""Saleor's checkout mutations, guarded by the member-only and member-coupon rules.

No plugin hook can refuse lines or a promo code going into a Saleor checkout, so the
schema serves Saleor's own `checkoutCreate`, `checkoutLinesAdd`, `checkoutLinesUpdate`
and `checkoutAddPromoCode` under their names, each first checking that the buyer may
buy what the checkout would hold (TIER_TOO_LOW) and use the code (COUPON_NOT_OWNED, and
COUPON_WRONG_VARIANT for a product reward's code beside another variant of its product).
`checkoutComplete` is refused by the plugin's `preprocess_order_creation` itself,
before any payment; its loyalty error comes back through `refusals`.

A refusal answers in Saleor's error fields (`errors`, and `checkoutErrors` where Saleor
still has it; code INVALID, so storefronts that know nothing of loyalty show it) and in
`loyaltyErrors` with the loyalty code; Saleor's mutation does not run.
"""
from typing import Iterable, List, Optional

import graphene
from django.core.exceptions import ValidationError

from saleor_loyalty.catalogue.member_only import check_purchase
from saleor_loyalty.core import refusals
from saleor_loyalty.coupons.member_coupons import check_code_owner
from saleor_loyalty.coupons.points_mall import check_reward_variant
from saleor_loyalty.graphql.core.errors import LoyaltyError, to_loyalty_errors
from saleor_loyalty.graphql.core.utils import checkout_token, parse_global_id
from saleor_loyalty.host.discounts import checkout_owner_and_voucher
from saleor_loyalty.host.checkout import checkout_variants
from saleor_loyalty.host.graphql import CHECKOUT_MUTATIONS, refusal_payload
from saleor_loyalty.host.products import customer_id


def _variant_ids(lines: Optional[Iterable[dict]]) -> List[int]:
    """Variants the lines put in a checkout (a quantity of 0 takes a line out)."""
    ids = (
        parse_global_id(line.get("variant_id"), "ProductVariant")
        for line in lines or ()
        if (line.get("quantity") or 0) > 0
    )
    return [pk for pk in ids if pk is not None]


def _checkout(data):
    """(user id, voucher code) of the checkout named in `data`; None when there is none
    (Saleor's own mutation then answers)."""
    token = checkout_token(data)
    return checkout_owner_and_voucher(token) if token else None


def guard_checkout_create(info, data):
    lines = (data.get("input") or {}).get("lines")
    check_purchase(customer_id(info.context.user), _variant_ids(lines))


def guard_lines_change(info, data):
    checkout = _checkout(data)
    if checkout is not None:
        user_id, _code = checkout
        buyer = user_id if user_id is not None else customer_id(info.context.user)
        check_purchase(buyer, _variant_ids(data.get("lines")))


def guard_promo_code(_info, data):
    checkout = _checkout(data)
    if checkout is not None:
        user_id, _code = checkout
        check_code_owner(user_id, data.get("promo_code"))
        check_reward_variant(data.get("promo_code"), checkout_variants(checkout_token(data)))


GUARDS = {
    "checkout_create": guard_checkout_create,
    "checkout_lines_add": guard_lines_change,
    "checkout_lines_update": guard_lines_change,
    "checkout_add_promo_code": guard_promo_code,
    "checkout_complete": None,  # preprocess_order_creation refuses
}


def _guarded_field(mutation_cls, guard):
    field = mutation_cls.Field()
    saleor_resolver = field.resolver

    def resolve(root, info, **data):
        if guard is not None:
            try:
                guard(info, data)
            except ValidationError as error:
                loyalty_errors = to_loyalty_errors(error)
                first = loyalty_errors[0]
                payload = refusal_payload(mutation_cls, first.message, first.field or "lines")
                payload.loyalty_errors = loyalty_errors
                return payload
        payload, refusal = refusals.run_collecting(lambda: saleor_resolver(root, info, **data))
        if refusal is not None:
            payload.loyalty_errors = to_loyalty_errors(refusal)
        return payload

    field.resolver = resolve
    return field


def checkout_payload_fields():
    """`loyaltyErrors` on the payloads of Saleor's guarded checkout mutations, as
    (payload type, fields) pairs for `host.patches.install`."""
    field = graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(LoyaltyError))),
        description="Loyalty refusals (e.g. TIER_TOO_LOW for a member-only product).",
        resolver=lambda root, _info: getattr(root, "loyalty_errors", None) or [],
    )
    return [(mutation_cls, {"loyalty_errors": field}) for mutation_cls in CHECKOUT_MUTATIONS.values()]


def guarded_checkout_mutations():
    """Saleor's checkout mutations by field name, each guarded by its loyalty rule."""
    return {name: _guarded_field(mutation_cls, GUARDS[name]) for name, mutation_cls in CHECKOUT_MUTATIONS.items()}
