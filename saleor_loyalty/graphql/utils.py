from typing import Optional

import graphene

from ..error_codes import LoyaltyErrorCode
from ..exceptions import loyalty_error
from ..host.products import all_products, all_variants
from ..models import Member, Tier


def parse_global_id(global_id: str, expected_type: str) -> Optional[int]:
    """The integer primary key in a Relay ID of `expected_type`, else None."""
    try:
        type_name, pk = graphene.Node.from_global_id(global_id)
    except Exception:  # noqa: BLE001 - an undecodable ID names nothing
        return None
    if type_name != expected_type or not str(pk).isdigit():
        return None
    return int(pk)


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
    return get_instance_or_error(global_id, "LoyaltyMember", Member.objects.all(), field)


def get_tier_or_error(global_id: str, field: str) -> Tier:
    return get_instance_or_error(global_id, "LoyaltyTier", Tier.objects.all(), field)


def get_variant_or_error(global_id: str, field: str):
    return get_instance_or_error(global_id, "ProductVariant", all_variants(), field)


def get_product_or_error(global_id: str, field: str):
    return get_instance_or_error(global_id, "Product", all_products(), field)
