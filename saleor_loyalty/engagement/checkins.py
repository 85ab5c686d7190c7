"""Daily check-in: points once per calendar day in the shop's time zone, with a bonus
on every `checkInStreakDays`-th day in a row.

The member row is locked first, so two simultaneous check-ins take turns and the
second finds the first; the (member, day) unique constraint is the backstop.
"""
from datetime import datetime, timedelta
from typing import Tuple

from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.core.program import Program
from saleor_loyalty.engagement.models import CheckIn
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import TransactionKind
from saleor_loyalty.tiers import qualification


def _already():
    return loyalty_error(LoyaltyErrorCode.ALREADY_CHECKED_IN, "You have checked in today already.")


def checked_in_today(member: Member, now: datetime) -> bool:
    return CheckIn.objects.filter(member=member, day=timezone.localdate(now)).exists()


def streak_bonus(program: Program, streak: int) -> int:
    every = program.check_in_streak_days
    return program.check_in_streak_bonus if every and streak % every == 0 else 0


def check_in(member: Member, program: Program, now: datetime) -> Tuple[CheckIn, int]:
    """Record today's check-in and credit its points; returns (check-in, points)."""
    if not program.active:
        raise loyalty_error(LoyaltyErrorCode.PROGRAM_INACTIVE, "The loyalty program is not active.")
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = ledger.lock_member(member.pk)
        days = dict(
            CheckIn.objects.filter(member=locked, day__in=[today, today - timedelta(days=1)])
            .values_list("day", "streak")
        )
        if today in days:
            raise _already()
        streak = days.get(today - timedelta(days=1), 0) + 1
        bonus = streak_bonus(program, streak)
        points = program.check_in_points + bonus
        try:
            with transaction.atomic():
                visit = CheckIn.objects.create(
                    member=locked, day=today, streak=streak, points=points, created_at=now
                )
        except IntegrityError:
            raise _already()
        if points > 0:
            reason = f"Daily check-in, day {streak} in a row"
            ledger.credit(
                locked, key=f"check_in:{locked.pk}:{today.isoformat()}",
                kind=TransactionKind.CHECK_IN, points=points, now=now,
                lifetime_days=program.points_lifetime_days,
                reason=reason + (f" (+{bonus} streak bonus)" if bonus else ""),
            )
            qualification.apply_upgrades([locked.pk], program, now)
        return visit, points
