"""Saleor 2.10's journey occasions (see host/occasions.py)."""
from saleor.order import OrderStatus
from saleor.order.models import Order
from saleor.payment import TransactionKind
from saleor.payment.models import Payment, Transaction

PLACED = f"o.status NOT IN ('{OrderStatus.DRAFT}', '{OrderStatus.CANCELED}')"
FULFILLMENT_CREATED = "created"


def unpaid_orders_sql() -> str:
    """Orders placed with nothing captured and no authorisation standing (an authorised
    payment is paid, for the buyer)."""
    return f"""
        SELECT o.user_id, 'order:' || o.id AS occasion, o.created AS occasion_at
        FROM {Order._meta.db_table} o
        WHERE o.user_id IS NOT NULL AND {PLACED}
          AND o.created BETWEEN %(occasion_from)s AND %(occasion_until)s
          AND NOT EXISTS (
              SELECT 1 FROM {Payment._meta.db_table} p
              WHERE p.order_id = o.id AND (p.captured_amount > 0 OR (p.is_active AND EXISTS (
                  SELECT 1 FROM {Transaction._meta.db_table} t
                  WHERE t.payment_id = p.id AND t.kind = '{TransactionKind.AUTH}'
                    AND t.is_success))))
    """
