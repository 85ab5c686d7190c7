"""Saleor 2.10 orders, read into the loyalty domain's OrderFacts."""
from decimal import Decimal
from typing import Optional

from django.db import connection
from django.db.models import Max
from saleor.order import FulfillmentStatus, OrderStatus
from saleor.order.models import Order, OrderEvent
from saleor.payment.models import Payment

from saleor_loyalty.host.facts import LineFacts, OrderFacts
from saleor_loyalty.host.payments import captured_and_refunds


def customer_has_orders(user) -> bool:
    return Order.objects.confirmed().filter(user=user).exists()


def get_order(key: str) -> Optional[Order]:
    if not key.isdigit():
        return None
    return Order.objects.filter(pk=int(key)).first()


def order_facts(order) -> OrderFacts:
    """Read an order in a constant number of queries (payments with refunds, lines and,
    for a fulfilled order, when it was fulfilled)."""
    captured, refunds = captured_and_refunds(order.pk, created="created")
    refund_facts = tuple(refund for _when, refund in refunds)
    lines = tuple(
        LineFacts(
            variant_id=line.variant_id,
            quantity=line.quantity,
            category_slug=(
                line.variant.product.category.slug
                if line.variant and line.variant.product.category
                else None
            ),
            gross=line.unit_price_gross_amount * line.quantity,
            net=line.unit_price_net_amount * line.quantity,
            quantity_fulfilled=line.quantity_fulfilled,
        )
        for line in order.lines.select_related("variant__product__category").order_by("pk")
    )
    is_fulfilled = order.status == OrderStatus.FULFILLED
    fulfilled_at = (
        order.fulfillments.filter(status=FulfillmentStatus.FULFILLED)
        .aggregate(last=Max("created"))["last"]
        if is_fulfilled
        else None
    )
    return OrderFacts(
        key=str(order.pk),
        user_id=order.user_id,
        created=order.created,
        currency=order.currency,
        is_draft=order.status == OrderStatus.DRAFT,
        is_cancelled=order.status == OrderStatus.CANCELED,
        is_fulfilled=is_fulfilled,
        fulfilled_at=fulfilled_at,
        total_gross=order.total_gross_amount,
        shipping_gross=order.shipping_price_gross_amount,
        discount=order.discount_amount,
        paid=captured + sum((r.amount for r in refund_facts), Decimal(0)),
        lines=lines,
        refunds=refund_facts,
        voucher_id=order.voucher_id,
        number=str(order.pk),
    )


def orders_by_keys(keys):
    """{order key: Order} for the keys that name existing orders."""
    pks = [int(key) for key in keys if key.isdigit()]
    return {str(order.pk): order for order in Order.objects.filter(pk__in=pks)}


def member_orders(start_after: Optional[str] = None, user_id: Optional[int] = None):
    """Confirmed orders of customers who are members, oldest first (for backfills)."""
    orders = Order.objects.confirmed().filter(user__loyalty_member__isnull=False)
    if user_id is not None:
        orders = orders.filter(user_id=user_id)
    if start_after:
        orders = orders.filter(pk__gt=int(start_after))
    return orders.order_by("pk")


_CONFIRMED = f"o.status NOT IN ('{OrderStatus.DRAFT}', '{OrderStatus.CANCELED}')"


def _paid_order_rows(condition: str) -> str:
    return f"""
        FROM {Order._meta.db_table} o
        JOIN {Payment._meta.db_table} p ON p.order_id = o.id
        WHERE {_CONFIRMED} AND p.captured_amount > 0 {condition}
    """


def paid_orders_sql(condition: str = "") -> str:
    """SQL for (order_id, order_key, user_id, created, currency, paid): one row per paid
    order, `paid` being the money kept in the order's `currency` (captured, net of
    refunds, above zero); drafts, cancelled and unpaid orders are left out. Guest
    checkouts have a null user_id. `condition` is an extra SQL condition on the order `o`."""
    return f"""
        SELECT o.id AS order_id, o.id::text AS order_key, o.user_id, o.created, o.currency,
               SUM(p.captured_amount) AS paid
        {_paid_order_rows(condition)}
        GROUP BY o.id
    """


def order_kept_sql() -> str:
    """SQL for the money kept from the order whose key is %(order_key)s, as in
    `paid_orders_sql` (0 when it is not a paid order)."""
    paid = paid_orders_sql("AND o.id = CAST(%(order_key)s AS integer)")
    return f"SELECT COALESCE(SUM(paid), 0) FROM ({paid}) paid_order"


# The Order field that holds when an order was placed.
PLACED_AT = "created"
# The Order field customers know an order by (Saleor 2.10's GraphQL `number` is its id).
NUMBER = "pk"


def paid_orders():
    """Queryset of the orders money was kept from, as in `paid_orders_sql`."""
    return Order.objects.exclude(status__in=(OrderStatus.DRAFT, OrderStatus.CANCELED)).filter(
        payments__captured_amount__gt=0
    )


# Orders changed after a moment, for the end of a pause of the program: every change an
# order hook reports (placed, paid, captured, fulfilled, fulfilment cancelled, cancelled,
# refunded) also writes an OrderEvent, whose ids grow with time. A mark is the id of the
# last event before the moment; orders with a later event changed after it.
def order_change_mark(before) -> str:
    """The mark of `before` (one backward scan of the events' primary key index, as
    far back as the events since `before`)."""
    last = (
        OrderEvent.objects.filter(date__lt=before).order_by("-pk").values_list("pk", flat=True).first()
    )
    return str(last or 0)


def orders_changed_after(mark: str, after_key: Optional[str] = None, limit: int = 500):
    """(orders, next_key): the orders (drafts left out) among the first `limit` keys
    above `after_key` of orders with an event after `mark`, by key; `next_key` is where
    the next batch starts, None when there are no more. Two queries: the events after
    the mark (a range of their primary key) first, then those orders."""
    with connection.cursor() as cursor:
        cursor.execute(_CHANGED_ORDER_IDS_SQL, {
            "mark": int(mark), "after": int(after_key or 0), "limit": limit,
        })
        ids = [row[0] for row in cursor.fetchall()]
    orders = list(
        Order.objects.filter(pk__in=ids).exclude(status=OrderStatus.DRAFT).order_by("pk")
    )
    return orders, (str(ids[-1]) if len(ids) == limit else None)


# OFFSET 0 keeps the events' range scan first, whatever the plan for the rest.
_CHANGED_ORDER_IDS_SQL = f"""
SELECT order_id FROM (
    SELECT DISTINCT order_id FROM {OrderEvent._meta.db_table} WHERE id > %(mark)s OFFSET 0
) changed WHERE order_id > %(after)s ORDER BY order_id LIMIT %(limit)s
"""


def changed_orders_condition() -> str:
    """SQL condition on the order `o`: it has an event after the mark %(orders_mark)s."""
    return f"""AND o.id IN (SELECT e.order_id FROM {OrderEvent._meta.db_table} e
                            WHERE e.id > CAST(%(orders_mark)s AS integer))"""


def changed_orders_sql() -> str:
    """SQL for (order_key, user_id) of every order with an event after %(orders_mark)s."""
    return f"""
        SELECT o.id::text AS order_key, o.user_id FROM {Order._meta.db_table} o
        WHERE true {changed_orders_condition()}
    """


def old_order_keys_sql() -> Optional[str]:
    """None: on Saleor 2.10 an order's key is its id already, so no key written here
    needs rewriting (the Saleor 3 adapter's `old_order_keys_sql` maps ids to UUIDs)."""
    return None
