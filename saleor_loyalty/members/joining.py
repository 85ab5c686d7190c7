"""Joining the program, and what members change about themselves."""
from datetime import date
from typing import Optional

from django.db import transaction
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.core.program import Program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.engagement import referrals
from saleor_loyalty.members import enrolment
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import tasks as notifications


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
        member = enrolment.create_member(user.pk, enrolment.entry_tier(), birthday, referrer, now)
        member.welcome_coupon = coupons.issue_welcome(member, program, now)
        notifications.member_joined(member, member.welcome_coupon)
    return member


def update_member(member: Member, today: date, now, **changes) -> Member:
    """Change what a member keeps about themselves: birthday (recorded with when it was
    set, for the birthday gift's 30-day rule) and e-mail consent."""
    fields = []
    if "birthday" in changes and changes["birthday"] != member.birthday:
        _validate_birthday(changes["birthday"], today)
        member.birthday = changes["birthday"]
        member.birthday_set_at = now if member.birthday else None
        fields += ["birthday", "birthday_set_at"]
    for channel in ("email_notifications", "sms_notifications", "push_notifications"):
        if changes.get(channel) is not None:
            setattr(member, channel, changes[channel])
            fields.append(channel)
    if fields:
        member.save(update_fields=fields)
    return member
