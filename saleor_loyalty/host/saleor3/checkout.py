"""Member prices stored on Saleor 3's checkout and draft order lines.

Saleor 3 asks a plugin for line prices only in channels whose taxes an app computes
(TAX_APP); under FLAT_RATES it never asks. So the member price is stored where every tax
strategy reads it: a checkout line's `price_override`, and a draft order line's overridden
base price (`is_price_overridden`), exactly what Saleor itself writes when an app or staff
set a custom price. The shop's catalogue promotions then apply to that price as Saleor
applies them to any overridden price. Lines the plugin priced carry MEMBER_PRICE_REASON;
lines priced by staff or by an app are left alone.
"""
from decimal import Decimal
from typing import Dict, List, Optional

from django.db.models import Case, DecimalField, F, OuterRef, Subquery, When
from django.utils import timezone
from saleor.checkout.models import Checkout, CheckoutLine
from saleor.order import OrderStatus
from saleor.order.models import Order, OrderLine
from saleor.product.models import ProductVariantChannelListing

from saleor_loyalty.host.facts import PricedLine

MEMBER_PRICE_REASON = "Member price (saleor-loyalty)"


def _listing_price(channel_id):
    """Subquery: the line's variant's price in the channel, before promotions."""
    return Subquery(
        ProductVariantChannelListing.objects.filter(
            variant_id=OuterRef("variant_id"), channel_id=channel_id
        ).values("price_amount")[:1]
    )


def _priced_lines(rows) -> List[PricedLine]:
    return [
        PricedLine(key=pk, variant_id=variant_id, list_price=list_price,
                   member_price=override if reason == MEMBER_PRICE_REASON else None,
                   priced_by_others=override is not None and reason != MEMBER_PRICE_REASON)
        for pk, variant_id, override, reason, list_price in rows
        if variant_id is not None and list_price is not None
    ]


class StoredCheckoutPrices:
    """A checkout's lines and the member prices stored on them."""

    def __init__(self, checkout: Checkout):
        self.checkout = checkout
        self.user_id = checkout.user_id
        self.currency = checkout.currency

    def lines(self) -> List[PricedLine]:
        """One query."""
        return _priced_lines(
            CheckoutLine.objects.filter(checkout_id=self.checkout.pk)
            .annotate(list_price=_listing_price(self.checkout.channel_id))
            .values_list("pk", "variant_id", "price_override", "price_override_reason",
                         "list_price")
        )

    def store(self, prices: Dict[object, Optional[Decimal]]):
        """Store the lines' member prices (None: the shop's price) and mark the checkout's
        prices and discounts for recalculation, as Saleor does after any line change."""
        lines = list(CheckoutLine.objects.filter(pk__in=list(prices)))
        for line in lines:
            line.price_override = prices[line.pk]
            line.price_override_reason = MEMBER_PRICE_REASON if prices[line.pk] is not None else None
        CheckoutLine.objects.bulk_update(lines, ["price_override", "price_override_reason"])
        now = timezone.now()
        self.checkout.price_expiration = self.checkout.discount_expiration = now
        Checkout.objects.filter(pk=self.checkout.pk).update(
            price_expiration=now, discount_expiration=now)


class StoredDraftOrderPrices:
    """A draft order's lines (staff creating an order for a customer) and the member prices
    stored on them as overridden base prices."""

    def __init__(self, order: Order):
        self.order = order
        self.user_id = order.user_id
        self.currency = order.currency

    def lines(self) -> List[PricedLine]:
        """One query."""
        if self.order.status != OrderStatus.DRAFT:
            return []
        custom_price = Case(When(is_price_overridden=True,
                                 then=F("undiscounted_base_unit_price_amount")),
                            default=None, output_field=DecimalField())
        return _priced_lines(
            OrderLine.objects.filter(order_id=self.order.pk)
            .annotate(list_price=_listing_price(self.order.channel_id), custom_price=custom_price)
            .values_list("pk", "variant_id", "custom_price", "price_override_reason", "list_price")
        )

    def store(self, prices: Dict[object, Optional[Decimal]]):
        """Store the lines' member prices as Saleor stores a custom price (or give the
        lines back to the channel's price), and have Saleor recalculate the order."""
        lines = list(OrderLine.objects.filter(pk__in=list(prices)))
        for line in lines:
            price = prices[line.pk]
            line.is_price_overridden = price is not None
            line.price_override_reason = MEMBER_PRICE_REASON if price is not None else None
            # An expired base price makes Saleor read the channel's price again: the
            # member price is kept by never expiring, the shop's price by expiring now.
            line.draft_base_price_expire_at = None if price is not None else timezone.now()
            if price is not None:
                line.undiscounted_base_unit_price_amount = price
                line.base_unit_price_amount = price
                line.undiscounted_unit_price_net_amount = price
                line.undiscounted_unit_price_gross_amount = price
        OrderLine.objects.bulk_update(lines, [
            "is_price_overridden", "price_override_reason", "draft_base_price_expire_at",
            "undiscounted_base_unit_price_amount", "base_unit_price_amount",
            "undiscounted_unit_price_net_amount", "undiscounted_unit_price_gross_amount",
        ])
        self.order.should_refresh_prices = True
        Order.objects.filter(pk=self.order.pk).update(should_refresh_prices=True)
