"""Making a customer a member: the member row, its referral code and entry tier."""
import secrets
from typing import Optional

from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import Tier, TierChange, TierChangeReason

REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
REFERRAL_CODE_LENGTH = 8


def new_referral_code() -> str:
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))


def get_member(user) -> Optional[Member]:
    if not user or not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).select_related("tier").first()


def entry_tier() -> Optional[Tier]:
    return Tier.objects.order_by("rank").first()


def enrol(user_id: int, now) -> Member:
    """Make a customer a member without their asking (they bought a membership)."""
    existing = Member.objects.filter(user_id=user_id).first()
    return existing or create_member(user_id, entry_tier(), None, None, now)


def create_member(user_id, tier, birthday, referrer, now=None) -> Member:
    now = now or timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                member = Member.objects.create(
                    user_id=user_id,
                    tier=tier,
                    tier_since=now if tier else None,
                    birthday=birthday,
                    birthday_set_at=now if birthday else None,
                    referred_by=referrer,
                    referral_code=new_referral_code(),
                    joined_at=now,
                )
                if tier is not None:
                    TierChange.objects.create(
                        member=member, to_tier=tier, reason=TierChangeReason.JOINED,
                        created_at=now,
                    )
                return member
        except IntegrityError:
            if Member.objects.filter(user_id=user_id).exists():
                raise loyalty_error(
                    LoyaltyErrorCode.ALREADY_MEMBER, "You are already a member."
                )
    raise RuntimeError("Could not allocate a unique referral code.")
