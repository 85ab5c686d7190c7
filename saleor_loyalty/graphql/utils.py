from typing import Optional

import graphene

from ..error_codes import LoyaltyErrorCode
from ..exceptions import loyalty_error
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


def get_member_or_error(global_id: str, field: str) -> Member:
    pk = parse_global_id(global_id, "LoyaltyMember")
    member = Member.objects.filter(pk=pk).first() if pk is not None else None
    if member is None:
        raise loyalty_error(
            LoyaltyErrorCode.NOT_FOUND, f"Couldn't resolve to a LoyaltyMember: {global_id}", field
        )
    return member


def get_tier_or_error(global_id: str, field: str) -> Tier:
    pk = parse_global_id(global_id, "LoyaltyTier")
    tier = Tier.objects.filter(pk=pk).first() if pk is not None else None
    if tier is None:
        raise loyalty_error(
            LoyaltyErrorCode.NOT_FOUND, f"Couldn't resolve to a LoyaltyTier: {global_id}", field
        )
    return tier
