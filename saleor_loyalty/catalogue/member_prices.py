"""Member prices: what a member pays for a variant, and staff management of those prices.

A member pays, for each line, the lowest of:
- the shop's own price (after Saleor's sales),
- the lowest member price set for the variant on their tier or any tier below it,
- the shop's price less their tier's percent discount.
Member price and tier discount never stack: the better of the two wins, line by line.
Member prices are per currency: a price in PLN applies in every channel selling in PLN.

Saleor 2.10 asks for every line's price through its pricing hooks (`checkout_line_total`,
`order_line_unit`). Saleor 3 asks only channels taxed by an app, so there the member price
is stored on the lines themselves (`StoredPrices`, README "Member prices on Saleor 3").
"""
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Dict, FrozenSet, Iterable, Optional, Protocol, Sequence

from django.db import transaction

from saleor_loyalty.catalogue.models import MemberPrice
from saleor_loyalty.core.currencies import round_money
from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.host import checkout as host_checkout
from saleor_loyalty.host import shop as host_shop
from saleor_loyalty.host.facts import PricedLine
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import Tier

logger = logging.getLogger(__name__)

MAX_PRICE = Decimal("1e9")


@dataclass(frozen=True)
class MemberPricing:
    """One customer's pricing: their tier's discount and their member prices by variant."""

    user_id: Optional[int]
    currency: Optional[str] = None
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
            candidates.append(round_money(discounted, self.currency))
        best = min(candidates)
        return best if best < shop_price else None


NO_PRICING = MemberPricing(user_id=None)


def load_pricing(user_id: Optional[int], variant_ids: Iterable[int], currency: str) -> MemberPricing:
    """Pricing for `user_id` over `variant_ids` in `currency`: two queries for a member,
    one otherwise."""
    if user_id is None:
        return NO_PRICING
    member = Member.objects.filter(user_id=user_id).select_related("tier").first()
    return tier_pricing(user_id, member.tier if member else None, variant_ids, currency)


def tier_pricing(user_id: int, tier: Optional[Tier], variant_ids: Iterable[int],
                 currency: str) -> MemberPricing:
    """Pricing for a customer of `tier` (None: not a member) over `variant_ids` in
    `currency`: one query for a member, none otherwise."""
    if tier is None:
        return MemberPricing(user_id=user_id, currency=currency)
    variant_ids = frozenset(variant_ids)
    prices = {}  # each variant's lowest price, taken here: cheaper than a GROUP BY query
    rows = MemberPrice.objects.filter(
        variant_id__in=variant_ids, tier__rank__lte=tier.rank, currency=currency
    ).values_list("variant_id", "price_amount")
    for variant_id, amount in rows:
        if variant_id not in prices or amount < prices[variant_id]:
            prices[variant_id] = amount
    return MemberPricing(
        user_id=user_id,
        currency=currency,
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
    if cached is None or cached.user_id != user_id or cached.currency != holder.currency or (
        cached.variant_ids and variant_id not in cached.variant_ids
    ):
        cached = load_pricing(user_id, {variant_id, *holder_variant_ids()}, holder.currency)
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


def checkout_line_total(line, shop_unit: Callable[[], Decimal], previous_value):
    """Saleor 2.10's `calculate_checkout_line_total` for the checkout's customer;
    `shop_unit()` is the shop's price of one unit."""
    checkout = line.checkout
    if checkout.user_id is None:
        return previous_value
    pricing = pricing_for(checkout, checkout.user_id, line.variant_id,
                          lambda: host_checkout.checkout_variant_ids(checkout))
    return member_line_total(pricing, line.variant_id, line.quantity, shop_unit(), previous_value)


def order_line_unit(line, previous_value):
    """Saleor 2.10's `calculate_order_line_unit` (draft orders staff create for a customer):
    Saleor has just set the line's unit price to the shop's price."""
    order = line.order
    if order.user_id is None or line.variant_id is None:
        return previous_value
    pricing = pricing_for(order, order.user_id, line.variant_id,
                          lambda: host_checkout.order_variant_ids(order))
    return member_line_total(pricing, line.variant_id, 1, line.unit_price.net.amount, previous_value)


class StoredPrices(Protocol):
    """The lines of a checkout or draft order whose member prices Saleor 3 stores
    (host/saleor3/checkout.py): whose they are, in which currency, and how to store new ones."""

    user_id: Optional[int]
    currency: str

    def lines(self) -> Sequence[PricedLine]:
        ...

    def store(self, prices: Dict[object, Optional[Decimal]]):
        ...


def stored_price_changes(stored: StoredPrices) -> Dict[object, Optional[Decimal]]:
    """The member price each line should carry now, for the lines where it differs from
    the one stored (None: the shop's price). Lines priced by staff or by an app are theirs."""
    lines = [line for line in stored.lines() if not line.priced_by_others]
    if not lines:
        return {}
    pricing = load_pricing(stored.user_id, {line.variant_id for line in lines}, stored.currency)
    wanted = {line.key: pricing.unit_price(line.variant_id, line.list_price) for line in lines}
    return {line.key: wanted[line.key] for line in lines if wanted[line.key] != line.member_price}


def reprice(stored: StoredPrices):
    """Store the customer's member prices on the lines (after lines were added or changed,
    or the customer signed in)."""
    changes = stored_price_changes(stored)
    if changes:
        stored.store(changes)


def refuse_stale_prices(stored: StoredPrices):
    """The last check before an order is placed: a checkout still carrying prices of a tier
    the member no longer has (or another customer's) is repriced,
    and the order refused so the shopper sees the new total before paying it. A failure
    to check is logged and lets the order through at the prices stored."""
    try:
        changes = stored_price_changes(stored)
        if changes:
            stored.store(changes)
    except Exception:  # noqa: BLE001 - a loyalty failure must never break checkout
        logger.exception("Loyalty could not check a checkout's member prices")
        return
    if changes:
        raise loyalty_error(
            LoyaltyErrorCode.PRICES_CHANGED,
            "Your member prices changed; the checkout was repriced. Review its total and "
            "complete it again.",
            "lines",
        )


def safely(compute, previous_value, what: str):
    """Run a price computation; on any failure charge the shop's price and log it."""
    try:
        return compute()
    except Exception:  # noqa: BLE001 - a loyalty failure must never break checkout
        logger.exception("Loyalty could not compute %s; charging the shop's price", what)
        return previous_value


def _validate_price(price, currency: str) -> Decimal:
    """The price rounded to the currency's smallest unit (cents, whole yen, fils)."""
    if price is None or not Decimal(price).is_finite() or not 0 < price <= MAX_PRICE:
        raise loyalty_error(LoyaltyErrorCode.INVALID, "A member price is above 0.", "price")
    amount = round_money(price, currency)
    if amount <= 0:
        raise loyalty_error(LoyaltyErrorCode.INVALID, "A member price is above 0.", "price")
    return amount


def _validate_currency(currency: Optional[str]) -> str:
    """The currency a member price is in: one the shop sells in (default: the program's)."""
    if currency is None:
        return host_shop.base_currency()
    currency = currency.upper()
    if currency not in host_shop.shop_currencies():
        raise loyalty_error(
            LoyaltyErrorCode.INVALID, "The shop sells in no channel in this currency.", "currency"
        )
    return currency


def set_member_price(variant_id: int, tier: Tier, price: Decimal,
                     currency: Optional[str] = None) -> MemberPrice:
    """Create or change the price members of `tier` (and above) pay for the variant in
    `currency` (default: the program's currency)."""
    currency = _validate_currency(currency)
    amount = _validate_price(price, currency)
    with transaction.atomic():
        member_price, _ = MemberPrice.objects.update_or_create(
            variant_id=variant_id, tier=tier, currency=currency,
            defaults={"price_amount": amount},
        )
    return member_price


def delete_member_price(variant_id: int, tier: Tier, currency: Optional[str] = None):
    currency = _validate_currency(currency)
    deleted, _ = MemberPrice.objects.filter(
        variant_id=variant_id, tier=tier, currency=currency).delete()
    if not deleted:
        raise loyalty_error(
            LoyaltyErrorCode.NOT_FOUND,
            "This variant has no member price for this tier in this currency.",
            "tier",
        )
