"""Joining the program and finding members."""
import secrets
from datetime import date
from typing import Optional

from django.db import IntegrityError, transaction
from django.utils import timezone

from .error_codes import LoyaltyErrorCode
from .exceptions import loyalty_error
from .host import orders as host_orders
from .models import Member, Tier, TierChange, TierChangeReason
from .program import Program

REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
REFERRAL_CODE_LENGTH = 8


def new_referral_code() -> str:
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))


def normalize_referral_code(code: str) -> str:
    return (code or "").strip().upper()


def get_member(user) -> Optional[Member]:
    if not user or not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).select_related("tier").first()


def entry_tier() -> Optional[Tier]:
    return Tier.objects.order_by("rank").first()


def _validate_birthday(birthday: Optional[date], today: date):
    if birthday is None:
        return
    if birthday > today or birthday.year < 1900:
        raise loyalty_error(
            LoyaltyErrorCode.INVALID, "Birthday must be a past date.", "birthday"
        )


def _find_referrer(user, referral_code: Optional[str]) -> Optional[Member]:
    if referral_code is None:
        return None
    code = normalize_referral_code(referral_code)
    referrer = Member.objects.filter(referral_code=code).first() if code else None
    if referrer is None:
        raise loyalty_error(
            LoyaltyErrorCode.INVALID_REFERRAL_CODE,
            "No member has this referral code.",
            "referralCode",
        )
    if referrer.user_id == user.pk:
        raise loyalty_error(
            LoyaltyErrorCode.SELF_REFERRAL, "You cannot refer yourself.", "referralCode"
        )
    if host_orders.customer_has_orders(user):
        raise loyalty_error(
            LoyaltyErrorCode.INVALID_REFERRAL_CODE,
            "Referral codes are for customers who have not ordered yet.",
            "referralCode",
        )
    return referrer


def join(user, program: Program, today: date, birthday=None, referral_code=None) -> Member:
    """Make `user` a member in the entry tier, linked to the referrer if any."""
    if not program.active:
        raise loyalty_error(
            LoyaltyErrorCode.PROGRAM_INACTIVE, "The loyalty program is not active."
        )
    if Member.objects.filter(user=user).exists():
        raise loyalty_error(LoyaltyErrorCode.ALREADY_MEMBER, "You are already a member.")
    _validate_birthday(birthday, today)
    referrer = _find_referrer(user, referral_code)
    member = _create_member(user.pk, entry_tier(), birthday, referrer)
    if program.backfill_on_join:
        from .tasks import backfill_member_task

        transaction.on_commit(lambda: backfill_member_task.delay(member.pk))
    return member


def enrol(user_id: int, now) -> Member:
    """Make a customer a member without their asking (they bought a membership)."""
    existing = Member.objects.filter(user_id=user_id).first()
    return existing or _create_member(user_id, entry_tier(), None, None, now)


def _create_member(user_id, tier, birthday, referrer, now=None) -> Member:
    now = now or timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                member = Member.objects.create(
                    user_id=user_id,
                    tier=tier,
                    tier_since=now if tier else None,
                    birthday=birthday,
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
