"""Occasions of member journeys found in Saleor's own tables: orders placed and still
unpaid, checkouts left with lines and an e-mail, orders fulfilled.

Each `*_sql()` is SQL for rows (user_id, occasion, occasion_at) of customers with an
account: `occasion` names the order (`order:<key>`) or the checkout (`checkout:<token>`),
`occasion_at` is when it was placed, last changed or first fulfilled, and only rows with
`occasion_at` between %(occasion_from)s and %(occasion_until)s are selected. An order paid,
cancelled or a checkout completed (Saleor deletes it) stops being an occasion.

What differs between the generations (`host/<generation>/occasions.py`): which orders count
as placed (`PLACED`, a condition on the order `o`), when an order and a fulfilment were
made (`ORDER_CREATED`, `FULFILLMENT_CREATED`), and what unpaid means (`unpaid_orders_sql`).
"""
from saleor.checkout.models import Checkout, CheckoutLine
from saleor.order import FulfillmentStatus
from saleor.order.models import Fulfillment, Order

from saleor_loyalty.host.generation import adapter

_adapter = adapter("occasions")

WINDOW = "BETWEEN %(occasion_from)s AND %(occasion_until)s"
unpaid_orders_sql = _adapter.unpaid_orders_sql


def left_checkouts_sql() -> str:
    return f"""
        SELECT c.user_id, 'checkout:' || c.token AS occasion, c.last_change AS occasion_at
        FROM {Checkout._meta.db_table} c
        WHERE c.user_id IS NOT NULL AND COALESCE(c.email, '') <> ''
          AND c.last_change {WINDOW}
          AND EXISTS (SELECT 1 FROM {CheckoutLine._meta.db_table} l WHERE l.checkout_id = c.token)
    """


def fulfilled_orders_sql() -> str:
    return f"""
        SELECT o.user_id, 'order:' || o.id AS occasion, f.fulfilled_at AS occasion_at
        FROM (SELECT order_id, MIN({_adapter.FULFILLMENT_CREATED}) AS fulfilled_at
              FROM {Fulfillment._meta.db_table}
              WHERE status = '{FulfillmentStatus.FULFILLED}'
                AND {_adapter.FULFILLMENT_CREATED} {WINDOW}
              GROUP BY order_id) f
        JOIN {Order._meta.db_table} o ON o.id = f.order_id
        WHERE o.user_id IS NOT NULL AND {_adapter.PLACED}
    """
