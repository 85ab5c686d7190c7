"""Joining the program and finding members."""
import secrets
from datetime import date
from typing import Optional

from django.db import IntegrityError, transaction
from django.utils import timezone

from .error_codes import LoyaltyErrorCode
from .exceptions import loyalty_error
from . import coupons, notifications, referrals
from .models import Member, Tier, TierChange, TierChangeReason
from .program import Program

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


def _validate_birthday(birthday: Optional[date], today: date):
    if birthday is None:
        return
    if birthday > today or birthday.year < 1900:
        raise loyalty_error(
            LoyaltyErrorCode.INVALID, "Birthday must be a past date.", "birthday"
        )


def join(user, program: Program, today: date, birthday=None, referral_code=None,
         now=None) -> Member:
    """Make `user` a member in the entry tier, linked to the referrer if any, with the
    welcome coupon (`member.welcome_coupon`, None when switched off) and e-mail."""
    if not program.active:
        raise loyalty_error(
            LoyaltyErrorCode.PROGRAM_INACTIVE, "The loyalty program is not active."
        )
    if Member.objects.filter(user=user).exists():
        raise loyalty_error(LoyaltyErrorCode.ALREADY_MEMBER, "You are already a member.")
    _validate_birthday(birthday, today)
    referrer = referrals.find_referrer(user, referral_code)
    now = now or timezone.now()
    with transaction.atomic():
        member = _create_member(user.pk, entry_tier(), birthday, referrer, now)
        member.welcome_coupon = coupons.issue_welcome(member, program, now)
        notifications.member_joined(member, member.welcome_coupon)
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


def update_member(member: Member, today: date, now, **changes) -> Member:
    """Change what a member keeps about themselves: birthday (recorded with when it was
    set, for the birthday gift's 30-day rule) and e-mail consent."""
    fields = []
    if "birthday" in changes and changes["birthday"] != member.birthday:
        _validate_birthday(changes["birthday"], today)
        member.birthday = changes["birthday"]
        member.birthday_set_at = now if member.birthday else None
        fields += ["birthday", "birthday_set_at"]
    if changes.get("email_notifications") is not None:
        member.email_notifications = changes["email_notifications"]
        fields.append("email_notifications")
    if fields:
        member.save(update_fields=fields)
    return member
