"""Staff adjustments of a member's points, audited with the staff user and a reason."""
import uuid
from datetime import datetime
from typing import Optional

from django.db import transaction

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import Program
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import PointsTransaction, TransactionKind
from saleor_loyalty.tiers import qualification

MAX_REASON_LENGTH = 255
MAX_IDEMPOTENCY_KEY_LENGTH = 150


def adjustment_key(member: Member, idempotency_key: str) -> str:
    """The ledger key of an adjustment: the client's key, scoped to the member.

    Keys written before the scoping are `adjust:<key>`; the new prefix differs, so no
    new key can ever equal an old one (see `_written_before_scoping`).
    """
    return f"adjust-member:{member.pk}:{idempotency_key}"


def _written_before_scoping(member: Member, idempotency_key: str) -> Optional[PointsTransaction]:
    """This member's row from a key sent before keys were scoped to the member."""
    return PointsTransaction.objects.filter(
        key=f"adjust:{idempotency_key}", member=member
    ).first()


def _validate(points: int, reason: str, idempotency_key: Optional[str]):
    errors = ErrorCollector()
    if idempotency_key is not None and len(idempotency_key) > MAX_IDEMPOTENCY_KEY_LENGTH:
        errors.add(
            "idempotencyKey", LoyaltyErrorCode.INVALID,
            f"An idempotency key has at most {MAX_IDEMPOTENCY_KEY_LENGTH} characters.",
        )
    if points == 0:
        errors.add("points", LoyaltyErrorCode.INVALID, "Points must not be zero.")
    elif abs(points) > ledger.MAX_POINTS:
        errors.add("points", LoyaltyErrorCode.INVALID, f"At most {ledger.MAX_POINTS} points at once.")
    if not reason or not reason.strip():
        errors.add("reason", LoyaltyErrorCode.REQUIRED, "Give a reason.")
    elif len(reason) > MAX_REASON_LENGTH:
        errors.add(
            "reason", LoyaltyErrorCode.INVALID,
            f"A reason has at most {MAX_REASON_LENGTH} characters.",
        )
    errors.raise_if_any()


def adjust_points(member: Member, points: int, reason: str, staff_user, program: Program,
                  now: datetime, idempotency_key: Optional[str] = None) -> PointsTransaction:
    """Add (positive) or remove (negative) points; never below a zero balance.

    The same `idempotency_key` twice for the same member writes once and returns the
    first row; the same key for another member adjusts that member.
    """
    _validate(points, reason, idempotency_key)
    key = adjustment_key(member, idempotency_key or uuid.uuid4().hex)
    with transaction.atomic():
        locked = ledger.lock_member(member.pk)
        earlier = idempotency_key and _written_before_scoping(locked, idempotency_key)
        if earlier:
            return earlier
        if points > 0:
            ledger.credit(locked, key=key, kind=TransactionKind.ADJUSTMENT, points=points,
                          now=now, lifetime_days=program.points_lifetime_days,
                          reason=reason.strip(), created_by=staff_user)
            qualification.apply_upgrades([locked.pk], program, now)
        else:
            ledger.debit(locked, key=key, kind=TransactionKind.ADJUSTMENT, points=-points,
                         now=now, reason=reason.strip(), created_by=staff_user)
        return PointsTransaction.objects.get(key=key)
