"""Saleor 3 orders, read into the loyalty domain's OrderFacts.

Order keys are the orders' UUIDs. Money reaches an order through two APIs, and what is
kept from it is what Saleor itself counts as `Order.total_charged` (order/utils.py):
- the Payment API: a payment's `captured_amount` (Saleor lowers it by each refund, a
  successful `Transaction` of kind refund);
- the Transaction API: a transaction item's `charged_value` (Saleor takes refunds and
  chargebacks off it, payment/transaction_item_calculations.py); the refunds and
  chargebacks are the item's events that count there.
What was received is what is kept plus what went back, as on 2.10.

Saleor 3 calls the order hooks once its transaction commits, with the order object the
mutation held, whose status and amounts may lag (`orderFulfillmentReturnProducts` hands
`order_refunded` an order still "fulfilled"): the facts read the order afresh.
"""
import uuid
from decimal import Decimal
from typing import Optional

from django.db import connection
from django.db.models import (
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from saleor.order import FulfillmentStatus, OrderStatus
from saleor.order.models import (
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderGrantedRefund,
    OrderGrantedRefundLine,
)
from saleor.payment import TransactionEventType
from saleor.payment.models import Payment, TransactionEvent, TransactionItem

from saleor_loyalty.host.facts import LineFacts, OrderFacts, RefundFacts
from saleor_loyalty.host.payments import captured_and_refunds

# Not orders yet: a draft, or an order waiting for the shop's confirmation.
NOT_PLACED = (OrderStatus.DRAFT, OrderStatus.UNCONFIRMED)
# No longer orders: cancelled by staff, or expired unpaid.
WITHDRAWN = (OrderStatus.CANCELED, OrderStatus.EXPIRED)
# Returns happen after delivery; money returned for them comes as refunds.
RETURNED = (OrderStatus.RETURNED, OrderStatus.PARTIALLY_RETURNED)
_MONEY_BACK = (TransactionEventType.REFUND_SUCCESS, TransactionEventType.CHARGE_BACK)
# Fulfilments of goods that came back or whose money went back (`orderRefund` of an
# amount makes one without lines).
_GOODS_BACK = (FulfillmentStatus.REFUNDED, FulfillmentStatus.RETURNED,
               FulfillmentStatus.REFUNDED_AND_RETURNED)


def _uuid(key) -> Optional[uuid.UUID]:
    try:
        return uuid.UUID(str(key))
    except (TypeError, ValueError, AttributeError):
        return None


def customer_has_orders(user) -> bool:
    return Order.objects.confirmed().filter(user=user).exists()


def get_order(key: str) -> Optional[Order]:
    pk = _uuid(key)
    return Order.objects.filter(pk=pk).first() if pk else None


def orders_by_keys(keys):
    """{order key: Order} for the keys that name existing orders."""
    pks = {pk for pk in map(_uuid, keys) if pk}
    return {str(order.pk): order for order in Order.objects.filter(pk__in=pks)}


def _transaction_refunds(events):
    """The refunds and chargebacks of one item that Saleor counts: events in its
    calculations, a reported one only while no later failure of the same PSP reference
    undoes it."""
    failed_at = {}
    for event in events:
        if event["type"] == TransactionEventType.REFUND_FAILURE and event["psp_reference"]:
            reference = event["psp_reference"]
            failed_at[reference] = max(event["created_at"], failed_at.get(reference, event["created_at"]))
    return [
        event for event in events
        if event["type"] in _MONEY_BACK
        and not (event["type"] == TransactionEventType.REFUND_SUCCESS
                 and failed_at.get(event["psp_reference"], event["created_at"]) > event["created_at"])
    ]


# What the lines of a refund event's granted refund cost (null: it names no line).
_GRANTED_LINES_VALUE = (
    OrderGrantedRefundLine.objects.filter(granted_refund_id=OuterRef("event__related_granted_refund_id"))
    .order_by().values("granted_refund_id")
    .annotate(value=Sum(F("quantity") * F("order_line__unit_price_gross_amount"),
                        output_field=DecimalField()))
    .values("value")
)


# Items of the line `OuterRef("pk")` shipped: Saleor counts the items it refunded before
# shipping them as fulfilled too (a fulfilment "refunded" of the unshipped lines).
_SHIPPED = (
    FulfillmentLine.objects.filter(order_line_id=OuterRef("pk")).exclude(
        fulfillment__status__in=(FulfillmentStatus.REFUNDED, FulfillmentStatus.CANCELED,
                                 FulfillmentStatus.WAITING_FOR_APPROVAL))
    .order_by().values("order_line_id").annotate(shipped=Sum("quantity")).values("shipped")
)


def _granted_goods(event) -> Optional[Decimal]:
    """The goods a refund event paid back when it was granted for lines or shipping (a
    granted refund of shipping alone paid back none); None for a plain amount."""
    if event["lines"] is not None:
        return event["lines"]
    return Decimal(0) if event["shipping"] else None


def _transaction_items(order_pk):
    """(charged, refunds) of the Transaction API: one query (items joined to the events
    that count, with what their granted refunds paid back)."""
    rows = (
        TransactionItem.objects.filter(order_id=order_pk)
        .annotate(event=FilteredRelation("events", condition=Q(
            events__include_in_calculations=True,
            events__type__in=_MONEY_BACK + (TransactionEventType.REFUND_FAILURE,),
        )))
        .annotate(
            lines=Subquery(_GRANTED_LINES_VALUE),
            shipping=Subquery(OrderGrantedRefund.objects.filter(
                pk=OuterRef("event__related_granted_refund_id")).values("shipping_costs_included")),
        )
        .order_by("pk", "event__created_at", "event__pk")
        .values("pk", "charged_value", "event__pk", "event__type", "event__psp_reference",
                "event__created_at", "event__amount_value", "lines", "shipping")
    )
    charged, events = Decimal(0), {}
    for row in rows:
        if row["pk"] not in events:
            events[row["pk"]] = []
            charged += row["charged_value"]
        if row["event__pk"] is not None:
            events[row["pk"]].append({
                "pk": row["event__pk"], "type": row["event__type"],
                "psp_reference": row["event__psp_reference"], "created_at": row["event__created_at"],
                "amount": row["event__amount_value"], "lines": row["lines"], "shipping": row["shipping"],
            })
    refunds = [(e["created_at"], RefundFacts(key=f"txevent:{e['pk']}", amount=e["amount"],
                                             goods=_granted_goods(e)))
               for item_events in events.values() for e in _transaction_refunds(item_events)]
    return charged, refunds


def _money(order_pk):
    """(kept, refunds) of an order: two queries, whatever it holds."""
    captured, payment_refunds = captured_and_refunds(order_pk, created="created_at")
    charged, transaction_refunds = _transaction_items(order_pk)
    refunds = sorted(payment_refunds + transaction_refunds, key=lambda r: (r[0], r[1].key))
    return captured + charged, tuple(refund for _when, refund in refunds)


def order_facts(order) -> OrderFacts:
    """Read an order as it is now in a constant number of queries (the order, its
    payments and transactions with their refunds, lines and, when fulfilled, when)."""
    order = Order.objects.filter(pk=order.pk).annotate(
        loyalty_goods_back=Exists(FulfillmentLine.objects.filter(
            fulfillment__order_id=OuterRef("pk"), fulfillment__status__in=_GOODS_BACK)),
        loyalty_lines_granted=Exists(
            OrderGrantedRefundLine.objects.filter(granted_refund__order_id=OuterRef("pk"))),
    ).first() or order
    kept, refunds = _money(order.pk)
    lines = list(
        order.lines.select_related("variant__product__category")
        .annotate(loyalty_shipped=Coalesce(Subquery(_SHIPPED), 0))
        .order_by("created_at", "pk")
    )
    line_facts = tuple(
        LineFacts(
            variant_id=line.variant_id,
            quantity=line.quantity,
            category_slug=(
                line.variant.product.category.slug
                if line.variant and line.variant.product.category
                else None
            ),
            # Saleor 3 spreads order-level discounts over the lines' totals.
            gross=line.total_price_gross_amount,
            net=line.total_price_net_amount,
            quantity_fulfilled=line.loyalty_shipped,
        )
        for line in lines
    )
    is_fulfilled = order.status == OrderStatus.FULFILLED or (
        order.status in RETURNED and all(line.quantity_fulfilled >= line.quantity for line in lines)
    )
    fulfilled_at = (
        order.fulfillments.filter(status=FulfillmentStatus.FULFILLED)
        .aggregate(last=Max("created_at"))["last"]
        if is_fulfilled
        else None
    )
    goods = sum((line.gross for line in line_facts), Decimal(0))
    return OrderFacts(
        key=str(order.pk),
        user_id=order.user_id,
        created=order.created_at,
        currency=order.currency,
        is_draft=order.status in NOT_PLACED,
        is_cancelled=order.status in WITHDRAWN,
        is_fulfilled=is_fulfilled,
        fulfilled_at=fulfilled_at,
        total_gross=order.total_gross_amount,
        shipping_gross=order.shipping_price_gross_amount,
        # Whatever of an order-level discount Saleor left off the lines.
        discount=max(goods - order.subtotal_gross_amount, Decimal(0)),
        paid=kept + sum((refund.amount for refund in refunds), Decimal(0)),
        lines=line_facts,
        refunds=refunds,
        voucher_id=order.voucher_id,
        number=str(order.number),
        lines_refunded=getattr(order, "loyalty_goods_back", False)
        or getattr(order, "loyalty_lines_granted", False),
    )


def member_orders(start_after: Optional[str] = None, user_id: Optional[int] = None):
    """Confirmed orders of customers who are members, oldest first (for backfills);
    `start_after` is the key of the last order done."""
    orders = Order.objects.confirmed().filter(user__loyalty_member__isnull=False)
    if user_id is not None:
        orders = orders.filter(user_id=user_id)
    start = get_order(start_after) if start_after else None
    if start is not None:
        orders = orders.filter(
            Q(created_at__gt=start.created_at) | Q(created_at=start.created_at, pk__gt=start.pk)
        )
    return orders.order_by("created_at", "pk")


# The order `o` that SQL conditions name has the columns id, user_id, created, status and
# currency, on every Saleor: on 3.x `created` is Saleor's `created_at`.
_ORDERS = f"""(SELECT id, user_id, status, currency, created_at AS created
               FROM {Order._meta.db_table})"""
_LEFT_OUT = "', '".join(NOT_PLACED + WITHDRAWN)
_CONFIRMED = f"o.status NOT IN ('{_LEFT_OUT}')"
_KEPT = f"""(
    COALESCE((SELECT SUM(p.captured_amount) FROM {Payment._meta.db_table} p
              WHERE p.order_id = o.id), 0)
  + COALESCE((SELECT SUM(t.charged_value) FROM {TransactionItem._meta.db_table} t
              WHERE t.order_id = o.id), 0))"""


def _paid_order_rows(condition: str) -> str:
    return f"""
        FROM {_ORDERS} o CROSS JOIN LATERAL (SELECT {_KEPT} AS kept) money
        WHERE {_CONFIRMED} AND money.kept > 0 {condition}
    """


def paid_orders_sql(condition: str = "") -> str:
    """SQL for (order_id, order_key, user_id, created, currency, paid): one row per paid
    order, `paid` being the money kept in the order's `currency` (captured or charged, net
    of refunds, above zero); drafts, unconfirmed, cancelled, expired and unpaid orders are
    left out. Guest checkouts have a null user_id. `condition` is an extra SQL condition on
    the order `o`."""
    return f"""
        SELECT o.id AS order_id, o.id::text AS order_key, o.user_id, o.created, o.currency,
               money.kept AS paid
        {_paid_order_rows(condition)}
    """


def order_kept_sql() -> str:
    """SQL for the money kept from the order whose key is %(order_key)s, as in
    `paid_orders_sql` (0 when it is not a paid order)."""
    paid = paid_orders_sql("AND o.id = CAST(%(order_key)s AS uuid)")
    return f"SELECT COALESCE(SUM(paid), 0) FROM ({paid}) paid_order"


# The Order field that holds when an order was placed.
PLACED_AT = "created_at"
# The Order field customers know an order by.
NUMBER = "number"


def paid_orders():
    """Queryset of the orders money was kept from, as in `paid_orders_sql`."""
    captured = Payment.objects.filter(order_id=OuterRef("pk")).order_by().values("order_id")
    charged = TransactionItem.objects.filter(order_id=OuterRef("pk")).order_by().values("order_id")
    return (
        Order.objects.exclude(status__in=NOT_PLACED + WITHDRAWN)
        .annotate(
            loyalty_kept=Coalesce(
                Subquery(captured.annotate(s=Sum("captured_amount")).values("s")), Decimal(0))
            + Coalesce(Subquery(charged.annotate(s=Sum("charged_value")).values("s")), Decimal(0))
        )
        .filter(loyalty_kept__gt=0)
    )


# Orders changed after a moment, for the end of a pause of the program. On Saleor 3 the
# order's own events (placed, paid, fulfilled, cancelled, refunded through payments) miss
# what payment apps report through the Transaction API (charges, refunds, chargebacks
# write only transaction events): a mark is the pair "order event id:transaction event
# id" of the last of each before the moment; both ids grow with time.
def order_change_mark(before) -> str:
    """The mark of `before` (a backward scan of each events' primary key index, as far
    back as the events since `before`)."""
    order_event = (
        OrderEvent.objects.filter(date__lt=before)
        .order_by("-pk").values_list("pk", flat=True).first()
    )
    money_event = (
        TransactionEvent.objects.filter(created_at__lt=before)
        .order_by("-pk").values_list("pk", flat=True).first()
    )
    return f"{order_event or 0}:{money_event or 0}"


# A mark written before transaction events were marked ("123") counts all of them.
_MARK = "CAST(COALESCE(NULLIF(split_part({mark}, ':', {part}), ''), '0') AS bigint)"
_CHANGED_IDS = f"""
    SELECT order_id FROM {OrderEvent._meta.db_table}
    WHERE id > {_MARK.format(mark="{mark}", part=1)}
    UNION
    SELECT t.order_id FROM {TransactionEvent._meta.db_table} e
    JOIN {TransactionItem._meta.db_table} t ON t.id = e.transaction_id
    WHERE e.id > {_MARK.format(mark="{mark}", part=2)} AND t.order_id IS NOT NULL
"""
# OFFSET 0 keeps the events' range scans first, whatever the plan for the rest.
_CHANGED_ORDER_IDS_SQL = f"""
SELECT order_id FROM ({_CHANGED_IDS.format(mark="%(mark)s")} OFFSET 0) changed
WHERE order_id > %(after)s ORDER BY order_id LIMIT %(limit)s
"""


def orders_changed_after(mark: str, after_key: Optional[str] = None, limit: int = 500):
    """(orders, next_key): the orders (not drafts nor unconfirmed) among the first `limit` keys
    above `after_key` of orders with an event after `mark`, by key; `next_key` is where
    the next batch starts, None when there are no more. Two queries: the events after
    the mark (ranges of their primary keys) first, then those orders."""
    after = _uuid(after_key) if after_key else None
    with connection.cursor() as cursor:
        cursor.execute(_CHANGED_ORDER_IDS_SQL, {
            "mark": mark, "after": after or uuid.UUID(int=0), "limit": limit,
        })
        ids = [row[0] for row in cursor.fetchall()]
    orders = list(Order.objects.filter(pk__in=ids).exclude(status__in=NOT_PLACED).order_by("pk"))
    return orders, (str(ids[-1]) if len(ids) == limit else None)


def changed_orders_condition() -> str:
    """SQL condition on the order `o`: it has an event after the mark %(orders_mark)s."""
    return f"AND o.id IN ({_CHANGED_IDS.format(mark='%(orders_mark)s')})"


def changed_orders_sql() -> str:
    """SQL for (order_key, user_id) of every order with an event after %(orders_mark)s."""
    return f"""
        SELECT o.id::text AS order_key, o.user_id FROM {_ORDERS} o
        WHERE true {changed_orders_condition()}
    """


def old_order_keys_sql() -> Optional[str]:
    """SQL for (old_id, order_key): each order Saleor 3 carried over from Saleor 2, by its
    Saleor 2 id (the key the plugin knew it by there) and its key now, its UUID. Saleor's
    migrations order 0128-0131 copied each old order's id into `number`, set `use_old_id`
    and made the old `token` the new primary key; orders placed on Saleor 3 have
    `use_old_id` false."""
    return f"""
        SELECT number::bigint AS old_id, id::text AS order_key
        FROM {Order._meta.db_table} WHERE use_old_id
    """
