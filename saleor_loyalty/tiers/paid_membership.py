"""Tiers bought as ordinary Saleor products: held until an end date, extended by
renewals, revoked when the purchase is cancelled or refunded."""
from datetime import datetime, timedelta
from typing import Dict, Optional

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import Program
from saleor_loyalty.host import products as host_products
from saleor_loyalty.host.facts import LineFacts, OrderFacts
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers import qualification
from saleor_loyalty.tiers.models import MembershipPurchase, Tier

MAX_DURATION_DAYS = 3650

# What staff read when the variant they pick cannot be checked out.
WHY_NOT_PURCHASABLE = {
    host_products.PurchaseProblem.UNPUBLISHED:
        "Customers cannot buy this variant: its product is not published.",
    host_products.PurchaseProblem.NOT_YET_PUBLISHED:
        "Customers cannot buy this variant yet: its product is published from a later date.",
    host_products.PurchaseProblem.NOT_AVAILABLE_FOR_PURCHASE:
        "Customers cannot buy this variant: its product is not available for purchase (yet).",
    host_products.PurchaseProblem.NO_PRICE:
        "Customers cannot buy this variant: it has no price in the channel.",
    host_products.PurchaseProblem.NO_STOCK:
        "Customers cannot buy this variant: it has no stock in a warehouse that serves "
        "a shipping zone (of the channel, where the shop sells through channels).",
    host_products.PurchaseProblem.SOLD_OUT:
        "Customers cannot buy this variant: it is sold out.",
}


def set_paid_membership(tier: Tier, variant_id: Optional[int], duration_days: Optional[int],
                        variant_given: bool) -> Tier:
    """Sell `tier` as the Saleor variant `variant_id` for `duration_days`, or stop
    selling it (no variant). Members who bought it keep it to their end date."""
    errors = ErrorCollector()
    if not variant_given:
        tier.paid_variant, tier.paid_duration_days = None, None
        tier.save(update_fields=["paid_variant", "paid_duration_days"])
        return tier
    variant = host_products.get_variant(variant_id) if variant_id is not None else None
    if variant is None:
        errors.add("variant", LoyaltyErrorCode.NOT_FOUND, "No such product variant.")
    elif host_products.requires_shipping(variant):
        errors.add("variant", LoyaltyErrorCode.INVALID,
                   "A membership is sold as a product type that needs no shipping.")
    elif (problem := host_products.purchase_problem(variant)) is not None:
        errors.add("variant", LoyaltyErrorCode.NOT_PURCHASABLE, WHY_NOT_PURCHASABLE[problem])
    elif Tier.objects.filter(paid_variant_id=variant.pk).exclude(pk=tier.pk).exists():
        errors.add("variant", LoyaltyErrorCode.DUPLICATE, "This variant already sells another tier.")
    if duration_days is None:
        errors.add("durationDays", LoyaltyErrorCode.REQUIRED, "Give how long a membership lasts.")
    elif not 1 <= duration_days <= MAX_DURATION_DAYS:
        errors.add("durationDays", LoyaltyErrorCode.INVALID,
                   f"A membership lasts 1 to {MAX_DURATION_DAYS} days.")
    errors.raise_if_any()
    tier.paid_variant, tier.paid_duration_days = variant, duration_days
    tier.save(update_fields=["paid_variant", "paid_duration_days"])
    return tier


def paid_tiers_in(facts: OrderFacts) -> Dict[Tier, LineFacts]:
    variant_ids = [line.variant_id for line in facts.lines if line.variant_id]
    if not variant_ids:
        return {}
    tiers = Tier.objects.filter(
        paid_variant_id__in=variant_ids, paid_duration_days__isnull=False
    )
    lines = {line.variant_id: line for line in facts.lines}
    return {tier: lines[tier.paid_variant_id] for tier in tiers}


def _grant(member: Member, tier: Tier, days: int, now: datetime):
    active = member.paid_tier_until is not None and member.paid_tier_until > now
    start = member.paid_tier_until if active else now
    if not active or member.paid_tier is None or tier.rank >= member.paid_tier.rank:
        member.paid_tier = tier
    member.paid_tier_until = start + timedelta(days=days)
    member.save(update_fields=["paid_tier", "paid_tier_until"])


def _revoke(member: Member, purchase: MembershipPurchase, now: datetime):
    purchase.revoked_at = now
    purchase.save(update_fields=["revoked_at"])
    if member.paid_tier_until is not None:
        member.paid_tier_until -= timedelta(days=purchase.days)
        if member.paid_tier_until <= now:
            member.paid_tier, member.paid_tier_until = None, None
        member.save(update_fields=["paid_tier", "paid_tier_until"])


def sync_purchases(member: Member, facts: OrderFacts, program: Program, now: datetime):
    """Grant the paid tiers a paid order bought; revoke them when it is cancelled or
    the membership's price was refunded. `member` must be locked by the caller."""
    bought = paid_tiers_in(facts)
    for tier, line in bought.items():
        purchase = MembershipPurchase.objects.filter(order_key=facts.key, tier=tier).first()
        revoked = facts.is_cancelled or facts.refunded >= line.gross
        if purchase is None and facts.is_paid and not revoked:
            MembershipPurchase.objects.create(
                member=member, tier=tier, order_key=facts.key, created_at=now,
                days=tier.paid_duration_days * line.quantity, paid_amount=line.gross,
            )
            _grant(member, tier, tier.paid_duration_days * line.quantity, now)
        elif purchase is not None and purchase.revoked_at is None and revoked:
            _revoke(member, purchase, now)
            qualification.revoke_paid_tier(member.pk, program, now)
    _sync_unmatched_purchases(member, facts, bought, program, now)


def _sync_unmatched_purchases(member: Member, facts: OrderFacts, bought: Dict[Tier, LineFacts],
                              program: Program, now: datetime):
    """Purchases of the order whose line no longer names the tier's variant (the variant
    was deleted, or the tier is sold as another one now): revoked when the order is
    cancelled or what they cost (the whole order for older purchases) was refunded."""
    if not (facts.is_cancelled or facts.refunds):
        return
    unmatched = MembershipPurchase.objects.filter(
        order_key=facts.key, member=member, revoked_at__isnull=True
    ).exclude(tier__in=list(bought))
    for purchase in unmatched:
        cost = purchase.paid_amount if purchase.paid_amount is not None else facts.total_gross
        if facts.is_cancelled or facts.refunded >= cost:
            _revoke(member, purchase, now)
            qualification.revoke_paid_tier(member.pk, program, now)
