"""A customer's account deleted in Saleor: the person's data goes, the merchant's books stay.

Saleor deletes the account (`customerDelete`, `customerBulkDelete`, `accountDelete`, the
dashboard); in the same transaction, before it goes, the membership is made anonymous
rather than deleted (README, "Deleted accounts"):

- erased: the link to the account, birthday, referral code, e-mail consent, tier and
  paid tier, RFM segment; the member's coupons are withdrawn (their vouchers end);
- kept: the member row (id, join date, cached balances) with `erased_at`, and its whole
  ledger, so points issued, redeemed and expired in past periods, the orders' record
  (`PaidOrder.member`) and member order values stay as they were;
- settled: pending points are voided (they can never be released to anybody), points
  of unused coupons come back, and the balance left is forfeited by one EXPIRY row
  (`forfeit:<member>`), so the outstanding liability drops and the ledger still adds up.

Jobs, staff lists, campaigns and referral rewards leave erased members alone.
"""
from datetime import datetime
from typing import Optional

from django.db import transaction
from django.utils import timezone

from saleor_loyalty.coupons import withdrawal
from saleor_loyalty.insight.models import MemberSegment
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger, pending
from saleor_loyalty.points.models import PointsTransaction, TransactionKind, TransactionStatus

FORFEIT_REASON = "Forfeited: the account was deleted"


def forfeit_key(member_id: int) -> str:
    return f"forfeit:{member_id}"


def customer_deleted(user_id: int) -> Optional[int]:
    """Saleor is deleting the account `user_id`: erase its membership, if any; returns
    the erased member's id."""
    member_id = Member.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
    if member_id is None:
        return None
    erase(member_id, timezone.now())
    return member_id


def erase(member_id: int, now: datetime):
    with transaction.atomic():
        ledger.lock_member(member_id)
        withdrawal.member_account_deleted(member_id, now)
        member = ledger.lock_member(member_id)  # balances as the returns left them
        held = (
            PointsTransaction.objects.filter(member=member, status=TransactionStatus.PENDING)
            .values_list("order_key", flat=True).distinct()
        )
        for order_key in list(held):
            pending.void_pending(member, order_key)
        if member.points_balance > 0:
            ledger.debit(member, key=forfeit_key(member_id), kind=TransactionKind.EXPIRY,
                         points=member.points_balance, now=now, reason=FORFEIT_REASON)
        MemberSegment.objects.filter(member_id=member_id).delete()
        Member.objects.filter(pk=member_id).update(
            user=None, referral_code=None, birthday=None, birthday_set_at=None,
            email_notifications=False, tier=None, tier_since=None, below_tier_since=None,
            paid_tier=None, paid_tier_until=None, erased_at=now,
        )
