import uuid
from typing import Optional

import graphene

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.coupons.models import Reward
from saleor_loyalty.host.graphql import signed_in_user
from saleor_loyalty.host.products import all_products, all_variants
from saleor_loyalty.members.enrolment import get_member
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import Tier


def parse_global_id(global_id: str, expected_type: str) -> Optional[int]:
    """The integer primary key in a Relay ID of `expected_type`, else None."""
    try:
        type_name, pk = graphene.Node.from_global_id(global_id)
    except Exception:  # noqa: BLE001 - an undecodable ID names nothing
        return None
    if type_name != expected_type or not str(pk).isdigit():
        return None
    return int(pk)


def order_key_from_global_id(global_id: str) -> Optional[str]:
    """The key the ledger knows the order of a Relay `Order` ID by (its primary key as
    text: an integer on Saleor 2.10, a UUID on Saleor 3), or None for any other ID."""
    try:
        type_name, pk = graphene.Node.from_global_id(global_id)
    except Exception:  # noqa: BLE001 - an undecodable ID names nothing
        return None
    return str(pk) if type_name == "Order" and pk else None


def get_instance_or_error(global_id: str, type_name: str, queryset, field: str):
    """The object a Relay ID of `type_name` names, or a NOT_FOUND error on `field`."""
    pk = parse_global_id(global_id, type_name)
    instance = queryset.filter(pk=pk).first() if pk is not None else None
    if instance is None:
        raise loyalty_error(
            LoyaltyErrorCode.NOT_FOUND, f"Couldn't resolve to a {type_name}: {global_id}", field
        )
    return instance


def get_member_or_error(global_id: str, field: str) -> Member:
    return get_instance_or_error(global_id, "LoyaltyMember", Member.objects.current(), field)


def get_tier_or_error(global_id: str, field: str) -> Tier:
    return get_instance_or_error(global_id, "LoyaltyTier", Tier.objects.all(), field)


def get_variant_or_error(global_id: str, field: str):
    return get_instance_or_error(global_id, "ProductVariant", all_variants(), field)


def get_product_or_error(global_id: str, field: str):
    return get_instance_or_error(global_id, "Product", all_products(), field)


def get_reward_or_error(global_id: str, field: str) -> Reward:
    return get_instance_or_error(global_id, "LoyaltyReward", Reward.objects.all(), field)


def get_requester_member_or_error(info) -> Member:
    """The signed-in customer's membership, or NOT_A_MEMBER."""
    member = get_member(signed_in_user(info.context))
    if member is None:
        raise loyalty_error(LoyaltyErrorCode.NOT_A_MEMBER, "Join the loyalty program first.")
    return member


def checkout_token(data) -> Optional[uuid.UUID]:
    """The token of the checkout a checkout mutation's arguments name, by `checkoutId`,
    `id` (Relay IDs) or `token`, whichever the mutation takes; else None (Saleor answers
    a bad one itself)."""
    if data.get("token"):
        return data["token"]
    try:
        type_name, token = graphene.Node.from_global_id(data.get("id") or data.get("checkout_id"))
        return uuid.UUID(token) if type_name == "Checkout" else None
    except Exception:  # noqa: BLE001 - an undecodable ID names nothing
        return None
