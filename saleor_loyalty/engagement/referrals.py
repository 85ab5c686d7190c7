"""Referral: a member's code links a new member to them; the referrer is rewarded
when the referee's first order becomes AVAILABLE and loses the reward if that order
is reversed.

The reward is one ledger row of the referrer, `referral:<referee>:<order>`, and its
reversal `referral:<referee>:<order>:reverse`; both keys are unique, so replayed
hooks and the release job running beside them reward once.
"""
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from typing import List, Optional

from django.db import connection

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.core.program import Program
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.host.facts import OrderFacts
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger, pending
from saleor_loyalty.points.models import PointsTransaction, TransactionKind
from saleor_loyalty.tiers import qualification

MAX_CHAIN = 1000  # a referral chain longer than this is treated as a cycle


def normalize_code(code: str) -> str:
    return (code or "").strip().upper()


def reward_key(referee_id: int, order_key: str) -> str:
    return f"referral:{referee_id}:{order_key}"


def _refuse(code: LoyaltyErrorCode, message: str):
    raise loyalty_error(code, message, "referralCode")


def _refers_back(referrer: Member, member_id: int) -> bool:
    """Whether `member_id` is `referrer` or up `referrer`'s chain of referrers."""
    current, steps = referrer, 0
    while current is not None and steps < MAX_CHAIN:
        if current.pk == member_id:
            return True
        current = (
            Member.objects.filter(pk=current.referred_by_id).only("pk", "referred_by_id").first()
            if current.referred_by_id else None
        )
        steps += 1
    return current is not None


def find_referrer(user, referral_code: Optional[str], member: Optional[Member] = None
                  ) -> Optional[Member]:
    """The member whose code `user` (a member already, or joining) may be referred with.

    Refuses unknown codes, the user's own code, cycles (the code's owner was referred,
    directly or not, by this member) and customers who have ordered already.
    """
    if referral_code is None:
        return None
    code = normalize_code(referral_code)
    referrer = Member.objects.filter(referral_code=code).first() if code else None
    if referrer is None:
        _refuse(LoyaltyErrorCode.INVALID_REFERRAL_CODE, "No member has this referral code.")
    if referrer.user_id == user.pk:
        _refuse(LoyaltyErrorCode.SELF_REFERRAL, "You cannot refer yourself.")
    if member is not None and _refers_back(referrer, member.pk):
        _refuse(LoyaltyErrorCode.REFERRAL_CYCLE,
                "This member joined through you: you cannot be referred by them.")
    if host_orders.customer_has_orders(user):
        _refuse(LoyaltyErrorCode.INVALID_REFERRAL_CODE,
                "Referral codes are for customers who have not ordered yet.")
    return referrer


def apply_code(member: Member, referral_code: str) -> Member:
    """Link an existing member who has not ordered yet to a referrer, once."""
    if member.referred_by_id is not None:
        _refuse(LoyaltyErrorCode.INVALID_REFERRAL_CODE, "You were referred already.")
    referrer = find_referrer(member.user, referral_code, member)
    updated = Member.objects.filter(pk=member.pk, referred_by__isnull=True).update(
        referred_by=referrer
    )
    if not updated:
        _refuse(LoyaltyErrorCode.INVALID_REFERRAL_CODE, "You were referred already.")
    member.referred_by = referrer
    return member


def reward_points(program: Program, first_order_points: int) -> int:
    if program.referrer_reward_percent:
        share = Decimal(first_order_points) * program.referrer_reward_percent / 100
        return int(share.to_integral_value(rounding=ROUND_FLOOR))
    return program.referrer_reward


_DUE_SQL = """
SELECT m.id, m.referred_by_id, e.order_key, e.points
FROM {member} m
CROSS JOIN LATERAL (
    SELECT order_key, points, status FROM {txn}
    WHERE member_id = m.id AND kind = 'earn' AND status <> 'void'
    ORDER BY created_at, id LIMIT 1
) e
WHERE m.id = ANY(%(members)s) AND m.referred_by_id IS NOT NULL AND e.status = 'available'
  AND EXISTS (SELECT 1 FROM {member} r WHERE r.id = m.referred_by_id AND r.erased_at IS NULL)
  AND NOT EXISTS (
      SELECT 1 FROM {txn} r WHERE r.key = 'referral:' || m.id || ':' || e.order_key
  )
ORDER BY m.referred_by_id
"""


def reward_referrers(referee_ids: List[int], program: Program, now: datetime) -> int:
    """Reward the referrers of those referees whose first order is now AVAILABLE.

    One query finds them among `referee_ids` (e.g. a release batch); each reward then
    locks its referrer. Returns the number of referrers rewarded.
    """
    if not referee_ids or not program.active:
        return 0
    sql = _DUE_SQL.format(member=Member._meta.db_table, txn=PointsTransaction._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"members": list(referee_ids)})
        due = cursor.fetchall()
    rewarded = 0
    for referee_id, referrer_id, order_key, order_points in due:
        points = reward_points(program, order_points)
        if points <= 0:
            continue
        referrer = ledger.lock_member(referrer_id)
        if ledger.credit(referrer, key=reward_key(referee_id, order_key),
                         kind=TransactionKind.REFERRAL, points=points, now=now,
                         lifetime_days=program.points_lifetime_days,
                         reason="A member you referred received their first order"):
            qualification.apply_upgrades([referrer_id], program, now)
            rewarded += 1
    return rewarded


def order_synced(member: Member, facts: OrderFacts, program: Program, now: datetime):
    """After an order hook: reward the referrer once the referee's first order is
    AVAILABLE; take the reward back when that order is cancelled or fully refunded.
    No query for members nobody referred."""
    if member.referred_by_id is None:
        return
    reward = PointsTransaction.objects.filter(key=reward_key(member.pk, facts.key)).first()
    if reward is None:
        reward_referrers([member.pk], program, now)
        return
    if facts.is_cancelled or pending.points_still_credited(member, facts.key) <= 0:
        referrer = ledger.lock_member(reward.member_id)
        ledger.debit(referrer, key=f"{reward.key}:reverse", kind=TransactionKind.REVERSAL,
                     points=reward.points, now=now, allow_shortfall=True,
                     reason="The referred member's first order was reversed")
