"""Points from orders: earn when paid, hold through the return window, reverse on
cancellation and refunds.

`sync_order` reconciles the ledger with the order as it is now. Every hook calls it,
whatever the hook; each step has its own idempotency key or a one-way status change,
so hooks delivered twice, late or out of order leave the ledger as one delivery would.
"""
import logging
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Optional

from django.utils import timezone

from saleor_loyalty.core.currencies import round_money
from saleor_loyalty.core.program import Program
from saleor_loyalty.host.facts import OrderFacts
from saleor_loyalty.members import enrolment
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger, pending
from saleor_loyalty.points.models import PointsTransaction, TransactionKind, TransactionStatus
from saleor_loyalty.tiers import paid_membership, qualification

ZERO = Decimal(0)
logger = logging.getLogger(__name__)


def earn_key(order_key: str) -> str:
    return f"earn:{order_key}"


def campaign_multiplier(program: Program, created: datetime) -> Decimal:
    """Member day: orders placed that day (shop time zone) earn more."""
    if program.member_day and timezone.localtime(created).day == program.member_day:
        return program.member_day_multiplier
    return Decimal(1)


def earnable_base(facts: OrderFacts, program: Program) -> Decimal:
    """What the customer paid for goods, after discounts, weighted by category.

    Shipping never counts; taxes and the part paid with gift cards count only when
    the program says so. Per-category multipliers weight each line's share (0
    excludes a category).
    """
    goods_gross = sum((line.gross for line in facts.lines), ZERO)
    if goods_gross <= 0:
        return ZERO
    paid_goods = max(goods_gross - facts.discount, ZERO)
    if not program.earn_on_gift_card_payments:
        paid_by_gift_cards = max(
            goods_gross - facts.discount + facts.shipping_gross - facts.total_gross, ZERO
        )
        paid_goods = max(paid_goods - paid_by_gift_cards, ZERO)
    share = paid_goods / goods_gross
    base = ZERO
    for line in facts.lines:
        amount = line.gross if program.earn_on_taxes else line.net
        factor = program.category_multipliers.get(line.category_slug, Decimal(1))
        base += amount * share * factor
    return base


def points_for_order(facts: OrderFacts, program: Program, tier_multiplier: Decimal) -> int:
    """floor(base * pointsPerCurrencyUnit * tierMultiplier * campaignMultiplier), capped,
    with the points per unit of the order's currency (core.currencies); an order in a
    currency without a rule earns nothing (logged), never as if it were the base currency."""
    rule = program.currency_rule(facts.currency)
    if rule is None:
        logger.warning("Order %s is in %s, which has no currency rule: it earns no points.",
                       facts.number, facts.currency)
        return 0
    raw = (
        earnable_base(facts, program)
        * rule.points_per_unit
        * tier_multiplier
        * campaign_multiplier(program, facts.created)
    )
    points = int(raw.to_integral_value(rounding=ROUND_FLOOR))
    if program.max_points_per_order is not None:
        points = min(points, program.max_points_per_order)
    return min(max(points, 0), ledger.MAX_POINTS)


def _reverse(member: Member, earning: PointsTransaction, key: str, points: int,
             now: datetime, reason: str):
    if points <= 0:
        return
    if earning.status == TransactionStatus.PENDING:
        pending.add_pending(member, key=key, kind=TransactionKind.REVERSAL, points=-points,
                           now=now, order_key=earning.order_key, reason=reason)
    else:
        ledger.debit(member, key=key, kind=TransactionKind.REVERSAL, points=points, now=now,
                     order_key=earning.order_key, reason=reason, allow_shortfall=True)


def goods_refunded(facts: OrderFacts):
    """(refund, goods money paid back by it and the refunds before it), per refund in order.

    A refund Saleor says was for lines or shipping pays back what it says. A plain amount
    within the shipping not yet paid back, while no goods were refunded or returned, pays
    back shipping; any other plain amount pays back goods and shipping in proportion to
    what is left of each (so plain refunds alone take the refunded share of the order),
    rounded half up to the currency's unit. Once the whole total is back, so are all the goods.
    """
    goods_paid = max(facts.total_gross - facts.shipping_gross, ZERO)
    shipping_left = min(facts.shipping_gross, facts.total_gross)
    goods = refunded = ZERO
    for refund in facts.refunds:
        refunded += refund.amount
        goods_left = goods_paid - goods
        if refund.goods is not None:
            part = refund.goods
        elif refund.amount <= shipping_left and not facts.lines_refunded:
            part = ZERO
        elif goods_left + shipping_left > 0:
            part = refund.amount * goods_left / (goods_left + shipping_left)
        else:
            part = ZERO
        if refunded >= facts.total_gross:
            part = goods_left
        else:
            part = min(round_money(part, facts.currency), refund.amount, goods_left)
        goods += part
        shipping_left = max(shipping_left - (refund.amount - part), ZERO)
        yield refund, goods


def points_kept(earned: int, facts: OrderFacts, goods: Decimal) -> int:
    """The points an order keeps once `goods` of the money paid for its goods went back:
    floor(earned x share of goods money kept), floored like earning, so the member never
    keeps a part of a point the kept goods would not have earned, reversals never exceed
    what was earned and partial refunds add up to exactly the points earned."""
    goods_paid = facts.total_gross - facts.shipping_gross
    if goods_paid <= 0 or goods >= goods_paid:
        return 0
    return int((earned * (goods_paid - goods) / goods_paid).to_integral_value(rounding=ROUND_FLOOR))


def _apply_refunds(member, earning, facts: OrderFacts, now):
    """Take back the points of the goods paid back, one row per refund: each brings what
    is reversed to earned - points_kept(goods paid back by then)."""
    for refund, goods in goods_refunded(facts):
        key = f"reverse:{facts.key}:{refund.key}"
        if ledger.is_written(key):
            continue
        target = earning.points - points_kept(earning.points, facts, goods)
        already_reversed = earning.points - pending.points_still_credited(member, facts.key)
        _reverse(member, earning, key, target - already_reversed, now,
                 reason=f"Refund of {refund.amount} {facts.currency}")


def _apply_cancellation(member, earning, facts: OrderFacts, now):
    if earning.status == TransactionStatus.PENDING:
        pending.void_pending(member, facts.key)
        return
    _reverse(member, earning, f"reverse:{facts.key}:cancel",
             pending.points_still_credited(member, facts.key), now, reason="Order cancelled")


def shipped_or_paid_back(facts: OrderFacts) -> bool:
    """Fulfilled, or everything not shipped was paid back: the money refunded covers
    what the customer paid for the items not shipped (a partly fulfilled order whose
    missing items were refunded stays partly fulfilled in Saleor)."""
    if facts.is_fulfilled:
        return True
    goods_gross = sum((line.gross for line in facts.lines), ZERO)
    if not facts.refunds or goods_gross <= 0:
        return False
    not_shipped = sum(
        (line.gross * (line.quantity - line.quantity_fulfilled) / line.quantity
         for line in facts.lines if line.quantity > line.quantity_fulfilled), ZERO)
    paid_share = max(goods_gross - facts.discount, ZERO) / goods_gross
    return facts.refunded >= round_money(not_shipped * paid_share, facts.currency)


def _apply_fulfilment(member, earning, facts: OrderFacts, program: Program, now):
    if earning.status != TransactionStatus.PENDING:
        return
    if not shipped_or_paid_back(facts):
        # A cancelled fulfilment stops the return window until it is fulfilled again.
        if earning.window_ends_at is not None:
            pending.schedule_release(member, facts.key, None)
        return
    window_ends_at = earning.window_ends_at
    if window_ends_at is None:
        # Fulfilled: from the fulfilment; the rest paid back: from when the plugin sees it.
        window_ends_at = (facts.fulfilled_at or now) + timedelta(days=program.return_window_days)
        pending.schedule_release(member, facts.key, window_ends_at)
    if window_ends_at <= now:
        pending.release_order(member, facts.key, now, program.points_lifetime_days)


def _sync_points(member: Member, facts: OrderFacts, program: Program, now: datetime):
    earning = PointsTransaction.objects.filter(key=earn_key(facts.key)).first()
    if earning is None:
        if facts.is_cancelled or not facts.is_paid:
            return
        multiplier = member.tier.earn_multiplier if member.tier_id else Decimal(1)
        points = points_for_order(facts, program, multiplier)
        if points <= 0:
            return
        earning = pending.add_pending(
            member, key=earn_key(facts.key), kind=TransactionKind.EARN, points=points,
            now=now, order_key=facts.key, reason=f"Order {facts.number}",
        )
    if earning.status == TransactionStatus.VOID:
        return
    if facts.is_cancelled:
        _apply_cancellation(member, earning, facts, now)
        return
    _apply_refunds(member, earning, facts, now)
    _apply_fulfilment(member, earning, facts, program, now)


def _standing(member: Member):
    return (member.tier_id, member.points_balance, member.pending_points,
            member.lifetime_points, member.points_debt)


def sync_order(facts: OrderFacts, program: Program, now: datetime,
               spend_changed: bool = True) -> Optional[Member]:
    """Bring the customer's ledger and tier in line with the order.

    Call inside a transaction. A customer who is not a member earns nothing, unless
    the order buys a paid membership, which makes them one. Tiers are looked at again
    when what they qualify on moved: the member's points, or the money the order
    brought (`spend_changed`: False when the caller knows the order's paid money,
    customer and member are as at the last sync).
    """
    if facts.user_id is None or facts.is_draft or not program.active:
        return None
    member = ledger.lock_member_of_user(facts.user_id)
    if member is None:
        if not (facts.is_paid and paid_membership.paid_tiers_in(facts)):
            return None
        member = ledger.lock_member(enrolment.enrol(facts.user_id, now).pk)
    before = _standing(member)
    _sync_points(member, facts, program, now)
    paid_membership.sync_purchases(member, facts, program, now)
    if spend_changed or _standing(member) != before:
        qualification.apply_upgrades([member.pk], program, now)
    return member
