"""Profile completion: a member whose account has a first and a last name and an
address, and who gave their birthday, gets `profileCompletionPoints` once.

Checked after `loyaltyMemberUpdate` and, for profiles completed through Saleor's own
account mutations (names, address book), by a nightly set-based job. Both lock the
member and look at `profile_rewarded_at` again under the lock; the ledger key
`profile:<member>` is the backstop.
"""
from datetime import datetime
from typing import List

from django.db import transaction

from saleor_loyalty.core.program import Program
from saleor_loyalty.host.accounts import users_with_complete_profile
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import TransactionKind
from saleor_loyalty.tiers import qualification

BATCH = 500


def _due():
    """Members who completed their profile and have not had its points."""
    return Member.objects.current().filter(
        profile_rewarded_at__isnull=True, birthday__isnull=False,
        user_id__in=users_with_complete_profile(),
    )


def _reward(locked: Member, program: Program, now: datetime):
    locked.profile_rewarded_at = now
    locked.save(update_fields=["profile_rewarded_at"])
    ledger.credit(
        locked, key=f"profile:{locked.pk}", kind=TransactionKind.ENGAGEMENT,
        points=program.profile_completion_points, now=now,
        lifetime_days=program.points_lifetime_days, reason="Completed the profile",
    )


def reward_completed_profile(member: Member, program: Program, now: datetime) -> int:
    """Give the member the profile points if their profile is complete and they have
    not had them; returns the points given (0 when none)."""
    points = program.profile_completion_points
    if not program.active or points <= 0 or member.profile_rewarded_at is not None:
        return 0
    if not _due().filter(pk=member.pk).exists():
        return 0
    with transaction.atomic():
        locked = ledger.lock_member(member.pk)
        if locked.profile_rewarded_at is not None:
            return 0
        _reward(locked, program, now)
        qualification.apply_upgrades([locked.pk], program, now)
    member.refresh_from_db()
    return points


def reward_completed_profiles(program: Program, now: datetime, batch_size: int = BATCH) -> int:
    """Give the profile points to every member who completed their profile and has not
    had them, a batch of members per transaction; returns the members rewarded. A second
    worker running it at once waits for the batch's locks and finds it done."""
    if not program.active or program.profile_completion_points <= 0:
        return 0
    rewarded, after = 0, 0
    while True:
        ids = list(_due().filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return rewarded
        after = ids[-1]
        with transaction.atomic():
            locked: List[Member] = list(
                Member.objects.select_for_update().filter(pk__in=ids, profile_rewarded_at__isnull=True)
                .order_by("pk")
            )
            for member in locked:
                _reward(member, program, now)
            qualification.apply_upgrades([member.pk for member in locked], program, now)
        rewarded += len(locked)
