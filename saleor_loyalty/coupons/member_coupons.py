"""Member coupons: Saleor vouchers that only their member can use, once.

Each coupon is a real Saleor voucher (single use, validity dates, minimum spend), so
Saleor computes the discount and counts the use. Saleor 2.10 vouchers have no owner:
the `Coupon` row holds it, and `check_code_owner` refuses a coupon on anybody else's
checkout (when the code is added and again when the checkout is completed).

Issuing is idempotent: every coupon names its occasion (`welcome:<member>`,
`repurchase:<order>`, ...) under a unique constraint, so an occasion seen twice issues
one coupon. Coupons bought with points remember the lots they consumed and give the
points back, with their original expiry, when the coupon expires unused or the order
that used it is cancelled.
"""
import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Optional

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from saleor_loyalty.core.currencies import round_money
from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.core.program import CouponRule, Program
from saleor_loyalty.coupons.models import Coupon, CouponKind, Reward
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host import shop as host_shop
from saleor_loyalty.host.discounts import VoucherTerms
from saleor_loyalty.host.facts import OrderFacts
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import tasks as notifications
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import TransactionKind

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: 60 bits in 12
ACTIVE, USED, EXPIRED = "active", "used", "expired"
COUPON_NAMES = dict(CouponKind.choices)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(host_discounts.CODE_LENGTH))


def end_of_day(day, days: int = 1) -> datetime:
    """The end of `day` + days - 1 in the shop's time zone (coupons last whole days).

    Counted in calendar days and made aware at the end, so a daylight-saving change in
    between moves nothing: it is 23:59:59.999999 on the shop's clock of the last day.
    """
    last = datetime.combine(day + timedelta(days=days - 1), time.max)
    zone = timezone.get_current_timezone()
    if hasattr(zone, "localize"):  # pytz: of a time that occurs twice, the later
        return zone.localize(last, is_dst=False)
    return timezone.make_aware(last.replace(fold=1), zone)  # zoneinfo: the same


def rule_terms(kind: str, rule: CouponRule, now: datetime,
               valid_until: Optional[datetime] = None, currency: Optional[str] = None) -> VoucherTerms:
    """A coupon of `kind` valued by `rule`, from now until `valid_until` (default: the
    end of the rule's last day); money rounded half up to the unit of `currency` (default:
    the shop's base currency), as every money value of a coupon is."""
    currency = currency or host_shop.base_currency()
    return VoucherTerms(
        name=COUPON_NAMES[kind],
        value_type=host_discounts.PERCENTAGE if rule.percent else host_discounts.FIXED,
        value=rule.value if rule.percent else round_money(rule.value, currency),
        valid_from=now,
        valid_until=valid_until or end_of_day(timezone.localdate(now), rule.days or 1),
        minimum_spend=(round_money(rule.minimum_spend, currency)
                       if rule.minimum_spend is not None else None),
    )


def issue(member: Member, kind: str, occasion: str, terms: VoucherTerms, now: datetime,
          **extra) -> Coupon:
    """The member's coupon for `occasion`, created with a new voucher unless it exists."""
    existing = Coupon.objects.filter(occasion=occasion).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                voucher = host_discounts.create_voucher(new_code(), terms)
                coupon = Coupon.objects.create(
                    member=member, voucher=voucher, kind=kind, occasion=occasion,
                    valid_from=terms.valid_from, valid_until=terms.valid_until,
                    created_at=now, **extra,
                )
        except IntegrityError:
            existing = Coupon.objects.filter(occasion=occasion).first()
            if existing is not None:
                return existing
            continue  # the random code was taken: draw another
        coupon.voucher = voucher
        notifications.coupon_issued(coupon)
        return coupon
    raise RuntimeError("Could not allocate a unique coupon code.")


def issue_for_occasion(member: Member, kind: str, occasion: str, program: Program,
                       now: datetime, valid_until: Optional[datetime] = None
                       ) -> Optional[Coupon]:
    """Issue the configured coupon of `kind`; None when the program has it switched off."""
    rule = program.coupon_rule(kind)
    if rule is None or not program.active:
        return None
    return issue(member, kind, occasion,
                 rule_terms(kind, rule, now, valid_until, program.currency), now)


def issue_welcome(member: Member, program: Program, now: datetime) -> Optional[Coupon]:
    return issue_for_occasion(member, CouponKind.WELCOME, f"welcome:{member.pk}", program, now)


# --- ownership -------------------------------------------------------------------


def check_voucher_owner(user_id: Optional[int], voucher_id: Optional[int]):
    """Refuse (COUPON_NOT_OWNED) a member coupon used by anybody but its member."""
    if voucher_id is None:
        return
    owner = (
        Coupon.objects.filter(voucher_id=voucher_id)
        .values_list("member__user_id", flat=True)
        .first()
    )
    if owner is not None and owner != user_id:
        raise loyalty_error(
            LoyaltyErrorCode.COUPON_NOT_OWNED,
            "This code belongs to another customer's membership; "
            "sign in with that account to use it.",
            "promoCode",
        )


def check_code_owner(user_id: Optional[int], code: Optional[str]):
    check_voucher_owner(user_id, host_discounts.voucher_id_for_code(code))


# --- status ----------------------------------------------------------------------


def status(coupon: Coupon, now: datetime) -> str:
    voucher = host_discounts.voucher_of(coupon)
    if coupon.used_at or (voucher is not None and host_discounts.voucher_used_up(voucher)):
        return USED
    if coupon.valid_until is not None and coupon.valid_until < now:
        return EXPIRED
    return ACTIVE


def with_status(coupons, wanted: Optional[str], now: datetime):
    """Narrow a Coupon queryset to one status (None: all)."""
    used = Q(used_at__isnull=False) | host_discounts.used_voucher_q("voucher")
    expired = Q(valid_until__lt=now)
    if wanted == USED:
        return coupons.filter(used)
    if wanted == EXPIRED:
        return coupons.exclude(used).filter(expired)
    if wanted == ACTIVE:
        return coupons.exclude(used).exclude(expired)
    return coupons


# --- coupons bought with points --------------------------------------------------


def spend_points_for(member: Member, key: str, points: int, now: datetime, reason: str):
    """Debit `points` (oldest lots first) for a coupon; returns (row, lots as JSON)."""
    row, consumed = ledger.debit(member, key=key, kind=TransactionKind.REDEEM, points=points,
                                 now=now, reason=reason)
    lots = [
        {"lot": c.lot_id, "points": c.points,
         "expires_at": c.expires_at.isoformat() if c.expires_at else None}
        for c in consumed
    ]
    return row, lots


def return_points(coupon_id: int, now: datetime, reason: str) -> int:
    """Give a coupon's points back (once), each lot with its expiry if still ahead;
    a rewards' unit goes back into stock. Returns the points credited."""
    with transaction.atomic():
        member_id = Coupon.objects.filter(pk=coupon_id).values_list("member_id", flat=True).first()
        if member_id is None:
            return 0
        member = ledger.lock_member(member_id)
        coupon = Coupon.objects.select_for_update().get(pk=coupon_id)
        if coupon.points_returned_at is not None or coupon.points_spent == 0:
            return 0
        returned = 0
        for lot in coupon.spent_lots:
            expires_at = parse_datetime(lot["expires_at"]) if lot["expires_at"] else None
            if expires_at is not None and expires_at <= now:
                continue  # these points would have expired by now
            ledger.credit(member, key=f"return:{coupon.pk}:{lot['lot']}",
                          kind=TransactionKind.REDEEM, points=lot["points"], now=now,
                          lifetime_days=None, expires_at=expires_at, reason=reason)
            returned += lot["points"]
        coupon.points_returned_at = now
        coupon.save(update_fields=["points_returned_at"])
        if coupon.reward_id:
            Reward.objects.filter(pk=coupon.reward_id, stock__isnull=False).update(
                stock=F("stock") + 1
            )
        return returned


def redeem_points(member: Member, points: int, program: Program, now: datetime) -> Coupon:
    """Turn `points` into a single-use code worth points * pointValue off the next order."""
    if not program.active:
        raise loyalty_error(LoyaltyErrorCode.PROGRAM_INACTIVE, "The loyalty program is not active.")
    if points is None or points <= 0 or points > ledger.MAX_POINTS:
        raise loyalty_error(LoyaltyErrorCode.INVALID, "Give a positive number of points.", "points")
    if points < program.minimum_redemption:
        raise loyalty_error(
            LoyaltyErrorCode.BELOW_MINIMUM_REDEMPTION,
            f"Redeem at least {program.minimum_redemption} points at once.",
            "points",
        )
    value = round_money(Decimal(points) * program.point_value, program.currency)
    if value <= 0:
        raise loyalty_error(LoyaltyErrorCode.INVALID, "These points are worth nothing.", "points")
    with transaction.atomic():
        locked = ledger.lock_member(member.pk)
        key = f"redeem:{member.pk}:{secrets.token_hex(8)}"
        row, lots = spend_points_for(locked, key, points, now,
                                     reason=f"Redeemed for a {value} {program.currency} code")
        terms = VoucherTerms(
            name=f"{points} points", value_type=host_discounts.FIXED, value=value,
            valid_from=now,
            valid_until=end_of_day(timezone.localdate(now), program.redemption_coupon_days),
        )
        return issue(locked, CouponKind.POINTS_REDEMPTION, f"redeem:{row.pk}", terms, now,
                     points_spent=points, spent_lots=lots)


def return_expired_points(now: datetime, batch_size: int = 1000) -> int:
    """Return the points of every coupon bought with points that expired unused.

    Goes over the few open point-bought coupons past their end (a partial index);
    each return locks its member. Returns the number of coupons whose points came back.
    """
    returned = 0
    last_id = 0
    while True:
        due = list(
            Coupon.objects.filter(
                points_spent__gt=0, points_returned_at__isnull=True, used_at__isnull=True,
                valid_until__lt=now, pk__gt=last_id,
            ).order_by("pk").values_list("pk", "voucher_id")[:batch_size]
        )
        if not due:
            return returned
        last_id = due[-1][0]
        used = host_discounts.voucher_ids_with_uses(v for _, v in due if v)
        for coupon_id, voucher_id in due:
            if voucher_id not in used:
                returned += bool(return_points(coupon_id, now, "Coupon expired unused"))


# --- orders ----------------------------------------------------------------------


def order_synced(member: Member, facts: OrderFacts, program: Program, now: datetime):
    """React to an order of `member`: the coupon it used, and a repurchase coupon once
    it is fulfilled. Costs no query for an order without a voucher that is not fulfilled."""
    if facts.voucher_id is not None:
        _order_used_coupon(member, facts, now)
    if facts.is_fulfilled and not facts.is_cancelled:
        issue_for_occasion(member, CouponKind.REPURCHASE, f"repurchase:{facts.key}", program, now)


def _order_used_coupon(member: Member, facts: OrderFacts, now: datetime):
    coupon = Coupon.objects.filter(voucher_id=facts.voucher_id, member=member).first()
    if coupon is None:
        return
    if coupon.used_at is None:
        Coupon.objects.filter(pk=coupon.pk, used_at__isnull=True).update(
            used_at=facts.created, order_key=facts.key
        )
    if facts.is_cancelled and coupon.points_spent and coupon.points_returned_at is None:
        return_points(coupon.pk, now, f"Order {facts.number} cancelled")


def member_coupons(member: Member):
    """The member's coupons, each read with its voucher (code, uses, value)."""
    return host_discounts.select_vouchers(Coupon.objects.filter(member=member), "voucher")

