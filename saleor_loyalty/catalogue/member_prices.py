"""Member prices: what a member pays for a variant, and staff management of those prices.

A member pays, for each line, the lowest of:
- the shop's own price (after Saleor's sales),
- the lowest member price set for the variant on their tier or any tier below it,
- the shop's price less their tier's percent discount.
Member price and tier discount never stack: the better of the two wins, line by line.
"""
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Dict, FrozenSet, Iterable, Optional

from django.db import transaction
from django.db.models import Min

from saleor_loyalty.catalogue.models import MemberPrice
from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.host import checkout as host_checkout
from saleor_loyalty.host import shop as host_shop
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import Tier

logger = logging.getLogger(__name__)

MAX_PRICE = Decimal("1e9")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class MemberPricing:
    """One customer's pricing: their tier's discount and their member prices by variant."""

    user_id: Optional[int]
    discount_percent: Decimal = Decimal(0)
    prices: Dict[int, Decimal] = field(default_factory=dict)
    # The variants `prices` was loaded for (a missing price then means "none").
    variant_ids: FrozenSet[int] = frozenset()

    def unit_price(self, variant_id: int, shop_price: Decimal) -> Optional[Decimal]:
        """The member's price for one unit, or None when it is not below `shop_price`."""
        candidates = [shop_price]
        if variant_id in self.prices:
            candidates.append(self.prices[variant_id])
        if self.discount_percent:
            discounted = shop_price * (100 - self.discount_percent) / 100
            candidates.append(discounted.quantize(CENT, rounding=ROUND_HALF_UP))
        best = min(candidates)
        return best if best < shop_price else None


NO_PRICING = MemberPricing(user_id=None)


def load_pricing(user_id: Optional[int], variant_ids: Iterable[int]) -> MemberPricing:
    """Pricing for `user_id` over `variant_ids`: two queries for a member, one otherwise."""
    if user_id is None:
        return NO_PRICING
    member = Member.objects.filter(user_id=user_id).select_related("tier").first()
    return tier_pricing(user_id, member.tier if member else None, variant_ids)


def tier_pricing(user_id: int, tier: Optional[Tier], variant_ids: Iterable[int]) -> MemberPricing:
    """Pricing for a customer of `tier` (None: not a member) over `variant_ids`: one
    query for a member, none otherwise."""
    if tier is None:
        return MemberPricing(user_id=user_id)
    variant_ids = frozenset(variant_ids)
    prices = dict(
        MemberPrice.objects.filter(variant_id__in=variant_ids, tier__rank__lte=tier.rank)
        .values("variant_id")
        .annotate(lowest=Min("price_amount"))
        .values_list("variant_id", "lowest")
    )
    return MemberPricing(
        user_id=user_id,
        discount_percent=tier.discount_percent,
        prices=prices,
        variant_ids=variant_ids,
    )


def pricing_for(holder, user_id: Optional[int], variant_id: int,
                holder_variant_ids: Callable[[], Iterable[int]]) -> MemberPricing:
    """Pricing of a checkout or order (`holder`), loaded once for all its lines.

    Saleor prices each line separately and several times per request; the pricing is
    kept on the holder object, and loaded again only for another customer or a
    variant added since.
    """
    cached = getattr(holder, "_loyalty_pricing", None)
    if cached is None or cached.user_id != user_id or (
        cached.variant_ids and variant_id not in cached.variant_ids
    ):
        cached = load_pricing(user_id, {variant_id, *holder_variant_ids()})
        holder._loyalty_pricing = cached
    return cached


def scale(previous_value, shop_amount: Decimal, member_amount: Decimal):
    """`previous_value` (a TaxedMoney from Saleor and earlier plugins) scaled down by
    the member's saving, so taxes and other plugins' changes keep their proportion."""
    if not shop_amount:
        return previous_value
    ratio = member_amount / shop_amount
    net = (previous_value.net * ratio).quantize()
    gross = (previous_value.gross * ratio).quantize()
    return type(previous_value)(net=net, gross=gross)


def member_line_total(pricing: MemberPricing, variant_id: int, quantity: int,
                      shop_unit: Decimal, previous_value):
    """A line's total for the member: `previous_value` unless a member price applies."""
    unit = pricing.unit_price(variant_id, shop_unit)
    if unit is None:
        return previous_value
    return scale(previous_value, shop_unit * quantity, unit * quantity)


def checkout_line_total(line, discounts, previous_value):
    """Saleor's `calculate_checkout_line_total` for the checkout's customer."""
    checkout = line.checkout
    if checkout.user_id is None:
        return previous_value
    pricing = pricing_for(checkout, checkout.user_id, line.variant_id,
                          lambda: host_checkout.checkout_variant_ids(checkout))
    shop_unit = host_checkout.shop_unit_price(line.variant, discounts)
    return member_line_total(pricing, line.variant_id, line.quantity, shop_unit, previous_value)


def order_line_unit(line, previous_value):
    """Saleor's `calculate_order_line_unit` (draft orders staff create for a customer):
    Saleor has just set the line's unit price to the shop's price."""
    order = line.order
    if order.user_id is None or line.variant_id is None:
        return previous_value
    pricing = pricing_for(order, order.user_id, line.variant_id,
                          lambda: host_checkout.order_variant_ids(order))
    return member_line_total(pricing, line.variant_id, 1, line.unit_price.net.amount, previous_value)


def safely(compute, previous_value, what: str):
    """Run a price computation; on any failure charge the shop's price and log it."""
    try:
        return compute()
    except Exception:  # noqa: BLE001 - a loyalty failure must never break checkout
        logger.exception("Loyalty could not compute %s; charging the shop's price", what)
        return previous_value


def _validate_price(price) -> Decimal:
    if price is None or not Decimal(price).is_finite() or not 0 < price <= MAX_PRICE:
        raise loyalty_error(LoyaltyErrorCode.INVALID, "A member price is above 0.", "price")
    return Decimal(price).quantize(CENT, rounding=ROUND_HALF_UP)


def set_member_price(variant_id: int, tier: Tier, price: Decimal) -> MemberPrice:
    """Create or change the price members of `tier` (and above) pay for the variant."""
    amount = _validate_price(price)
    with transaction.atomic():
        member_price, _ = MemberPrice.objects.update_or_create(
            variant_id=variant_id,
            tier=tier,
            defaults={"price_amount": amount, "currency": host_shop.base_currency()},
        )
    return member_price


def delete_member_price(variant_id: int, tier: Tier):
    deleted, _ = MemberPrice.objects.filter(variant_id=variant_id, tier=tier).delete()
    if not deleted:
        raise loyalty_error(
            LoyaltyErrorCode.NOT_FOUND, "This variant has no member price for this tier.", "tier"
        )
