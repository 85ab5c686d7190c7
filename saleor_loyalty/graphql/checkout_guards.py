"""Saleor's checkout mutations, guarded by the member-only rule.

No plugin hook runs when lines go into a Saleor 2.10 checkout, so the schema serves
Saleor's own `checkoutCreate`, `checkoutLinesAdd`, `checkoutLinesUpdate` and
`checkoutComplete` under their names, each first checking that the buyer may buy what
the checkout would hold. A refusal answers in Saleor's error fields (`checkoutErrors`
and `errors`, code INVALID, so storefronts that know nothing of loyalty show it) and
in `loyaltyErrors` with the loyalty code (TIER_TOO_LOW); Saleor's mutation does not run.
`checkoutAddPromoCode` and `checkoutComplete` also refuse a member coupon on anybody
else's checkout (COUPON_NOT_OWNED, see coupon_guards).
"""
from typing import Iterable, List, Optional

import graphene
from django.core.exceptions import ValidationError

from ..host.checkout import checkout_buyer_and_variants
from ..host.graphql import CHECKOUT_MUTATIONS, refusal_payload
from ..host.products import customer_id
from ..member_products import check_purchase
from . import coupon_guards
from .core.errors import LoyaltyError, to_loyalty_errors
from .utils import parse_checkout_token, parse_global_id


def _variant_ids(lines: Optional[Iterable[dict]]) -> List[int]:
    """Variants the lines put in a checkout (a quantity of 0 takes a line out)."""
    ids = (
        parse_global_id(line.get("variant_id"), "ProductVariant")
        for line in lines or ()
        if (line.get("quantity") or 0) > 0
    )
    return [pk for pk in ids if pk is not None]


def _checkout(data):
    token = parse_checkout_token(data.get("checkout_id"))
    return checkout_buyer_and_variants(token) if token else None


def _buyer(info, checkout_user_id: Optional[int]) -> Optional[int]:
    return checkout_user_id if checkout_user_id is not None else customer_id(info.context.user)


def guard_checkout_create(info, data):
    lines = (data.get("input") or {}).get("lines")
    check_purchase(customer_id(info.context.user), _variant_ids(lines))


def guard_lines_change(info, data):
    checkout = _checkout(data)
    if checkout is not None:
        user_id, _ = checkout
        check_purchase(_buyer(info, user_id), _variant_ids(data.get("lines")))


def guard_checkout_complete(info, data):
    checkout = _checkout(data)
    if checkout is not None:
        user_id, variant_ids = checkout
        check_purchase(user_id, variant_ids)


GUARDS = {
    "checkout_create": guard_checkout_create,
    "checkout_lines_add": guard_lines_change,
    "checkout_lines_update": guard_lines_change,
    "checkout_complete": coupon_guards.also_check_coupon(guard_checkout_complete),
    "checkout_add_promo_code": coupon_guards.guard_promo_code,
}


def _guarded_field(mutation_cls, guard):
    field = mutation_cls.Field()
    saleor_resolver = field.resolver

    def resolve(root, info, **data):
        try:
            guard(info, data)
        except ValidationError as error:
            loyalty_errors = to_loyalty_errors(error)
            first = loyalty_errors[0]
            payload = refusal_payload(mutation_cls, first.message, first.field or "lines")
            payload.loyalty_errors = loyalty_errors
            return payload
        return saleor_resolver(root, info, **data)

    field.resolver = resolve
    return field


def guarded_checkout_mutations():
    """The guarded fields by name, after adding `loyaltyErrors` to Saleor's payloads."""
    fields = {}
    for name, mutation_cls in CHECKOUT_MUTATIONS.items():
        mutation_cls._meta.fields["loyalty_errors"] = graphene.Field(
            graphene.NonNull(graphene.List(graphene.NonNull(LoyaltyError))),
            description="Loyalty refusals (e.g. TIER_TOO_LOW for a member-only product).",
            resolver=lambda root, _info: getattr(root, "loyalty_errors", None) or [],
        )
        fields[name] = _guarded_field(mutation_cls, GUARDS[name])
    return fields
