"""What the loyalty domain knows of a shop order, whatever Saleor version it came from.

The host adapter reads an order into these plain values; accrual decides from them
alone, so replayed or reordered hooks see the same facts and change nothing twice.
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Optional, Tuple


@dataclass(frozen=True)
class LineFacts:
    variant_id: Optional[int]
    quantity: int
    category_slug: Optional[str]
    gross: Decimal
    net: Decimal
    # Items of the line shipped (fulfilled), on Saleor 2.10 and 3 alike.
    quantity_fulfilled: int = 0


@dataclass(frozen=True)
class PricedLine:
    """A checkout or draft order line whose member price Saleor 3 stores on the line."""

    key: object  # the line's primary key
    variant_id: int
    list_price: Decimal  # the shop's price of one unit before promotions, in the line's currency
    member_price: Optional[Decimal]  # the member price stored on the line now (None: none)
    priced_by_others: bool  # a price staff or an app set on the line: never touched


@dataclass(frozen=True)
class RefundFacts:
    key: str
    amount: Decimal
    # What of `amount` paid back goods, when Saleor says what the refund was for (Saleor 3
    # granted refunds name lines and shipping); None: a plain amount (accrual decides).
    goods: Optional[Decimal] = None


@dataclass(frozen=True)
class OrderFacts:
    key: str
    user_id: Optional[int]
    created: datetime
    currency: str
    is_draft: bool
    is_cancelled: bool
    is_fulfilled: bool
    # When the whole order was fulfilled (the return window starts then).
    fulfilled_at: Optional[datetime]
    total_gross: Decimal
    shipping_gross: Decimal
    discount: Decimal
    # Money received for the order, refunds included (what was ever captured).
    paid: Decimal
    lines: Tuple[LineFacts, ...]
    refunds: Tuple[RefundFacts, ...]
    # The order's number as the shop shows it (Saleor 3 keys orders by UUID).
    number: str
    # The voucher the order used (member coupons are vouchers), if any.
    voucher_id: Optional[int] = None
    # Saleor says goods of the order were refunded or returned (Saleor 3 refunded or
    # returned products, granted refunds with lines; never on Saleor 2.10, which has none).
    lines_refunded: bool = False

    @property
    def is_paid(self) -> bool:
        return self.paid > 0 and self.paid >= self.total_gross

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds), Decimal(0))


class PurchaseProblem(Enum):
    """Why customers cannot check a variant out."""

    UNPUBLISHED = "unpublished"
    NOT_YET_PUBLISHED = "not_yet_published"
    # Saleor 3: published, but not (yet) available for purchase in the channel.
    NOT_AVAILABLE_FOR_PURCHASE = "not_available_for_purchase"
    # Saleor 3: the variant has no price in the channel.
    NO_PRICE = "no_price"
    NO_STOCK = "no_stock"
    SOLD_OUT = "sold_out"
