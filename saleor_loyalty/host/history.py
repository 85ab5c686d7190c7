"""A shop's past written into Saleor's own tables, as an import writes it: customers who
signed up on a day of their own, and their orders with lines, payments and fulfilments.
No hook runs (the loyalty side replays them itself: demo/year.py).

The interface: the names the plugin uses, each Saleor generation's adapter defining the
orders in `host/<generation>/history.py`.
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Dict, Optional, Sequence, Tuple

from django.contrib.auth.hashers import make_password
from django.db import connection
from saleor.account.models import User
from saleor.order import FulfillmentStatus, OrderStatus
from saleor.order.models import Fulfillment, FulfillmentLine
from saleor.payment import ChargeStatus

from saleor_loyalty.host.generation import adapter

# The payments of past orders are the dummy gateway's (Saleor's own, on both generations).
GATEWAY = "mirumee.payments.dummy"
# What became of a past order's money.
PAID = "paid"  # captured and kept
CANCELLED = "cancelled"  # captured, then cancelled and given back
REFUNDED = "refunded"  # shipped, then refunded in full


@dataclass(frozen=True)
class PastLine:
    variant: object  # a ProductVariant, its product and product type loaded
    unit_price: Decimal
    quantity: int


@dataclass(frozen=True)
class PastOrder:
    user_id: int
    email: str
    placed_at: datetime
    lines: Tuple[PastLine, ...]
    fulfilled_at: Optional[datetime] = None
    outcome: str = PAID
    # A voucher used on the whole order (a member coupon's), and what it took off.
    voucher: Optional[Tuple[int, str]] = None  # (voucher id, code)
    discount: Decimal = Decimal(0)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.unit_price * line.quantity for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.discount

    @property
    def kept(self) -> Decimal:
        """The money the shop kept: none of a cancelled or refunded order."""
        return Decimal(0) if self.outcome in (CANCELLED, REFUNDED) else self.total

    @property
    def status(self) -> str:
        """The order's status in Saleor (the same names on both generations)."""
        if self.outcome == CANCELLED:
            return OrderStatus.CANCELED
        return OrderStatus.FULFILLED if self.fulfilled_at else OrderStatus.UNFULFILLED

    @property
    def charge_status(self) -> str:
        """Its payment's charge status (the dummy gateway's, GATEWAY)."""
        return ChargeStatus.FULLY_CHARGED if self.kept else ChargeStatus.FULLY_REFUNDED


@dataclass(frozen=True)
class PastCustomer:
    email: str
    first_name: str
    last_name: str
    signed_up_at: datetime


def known_customers(emails: Sequence[str]) -> Dict[str, int]:
    """{e-mail: account id} of the accounts the shop has of `emails`."""
    return dict(User.objects.filter(email__in=list(emails)).values_list("email", "pk"))


def create_customers(customers: Sequence[PastCustomer], password: str) -> Dict[str, int]:
    """Active accounts signing in with `password`, for those of `customers` the shop does
    not have yet (by e-mail); {e-mail: account id} of all of them."""
    known = known_customers([c.email for c in customers])
    hashed = make_password(password)
    User.objects.bulk_create(
        User(email=c.email, first_name=c.first_name, last_name=c.last_name, password=hashed,
             is_active=True, date_joined=c.signed_up_at)
        for c in customers if c.email not in known
    )
    return known_customers([c.email for c in customers])


def backdate(model, field: str, moments: Sequence[Tuple[int, datetime]]):
    """Set `field` (one Saleor fills in itself on saving, e.g. `auto_now_add`) of each
    row of `model` to its moment, in one statement; `moments` is (pk, moment)."""
    if not moments:
        return
    table, column = model._meta.db_table, model._meta.get_field(field).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} t SET {column} = v.moment "
            "FROM unnest(%s::int[], %s::timestamptz[]) AS v (id, moment) WHERE t.id = v.id",
            [[pk for pk, _ in moments], [moment for _, moment in moments]],
        )


def ship(orders, pasts: Sequence[PastOrder], lines, created_field: str):
    """A fulfilment of every line of each order of `pasts` that was shipped, on its day
    (`created_field`: the name of the field Saleor keeps the moment in)."""
    shipped = [(order, past) for order, past in zip(orders, pasts) if past.fulfilled_at]
    fulfillments = Fulfillment.objects.bulk_create(
        Fulfillment(order=order, fulfillment_order=1, status=FulfillmentStatus.FULFILLED)
        for order, _past in shipped
    )
    backdate(Fulfillment, created_field,
             [(f.pk, past.fulfilled_at) for f, (_order, past) in zip(fulfillments, shipped)])
    by_order = {f.order_id: f for f in fulfillments}
    FulfillmentLine.objects.bulk_create(
        FulfillmentLine(order_line=line, fulfillment=by_order[line.order_id],
                        quantity=line.quantity)
        for line in lines if line.order_id in by_order
    )


_adapter = adapter("history")

# write_orders(orders: List[PastOrder]) -> List[order]: the orders, placed, paid and
# (when `fulfilled_at`) shipped on their own days, in the shop's base currency and (on
# Saleor 3) its default channel.
write_orders = _adapter.write_orders
