"""Saleor 3's journey occasions (see host/occasions.py). Whether an order is paid is
Saleor's own `authorize_status` (none: nothing authorised or charged, through either
payment API)."""
from saleor.order import OrderAuthorizeStatus, OrderStatus
from saleor.order.models import Order

_LEFT_OUT = "', '".join((OrderStatus.DRAFT, OrderStatus.CANCELED, OrderStatus.EXPIRED))
PLACED = f"o.status NOT IN ('{_LEFT_OUT}')"
FULFILLMENT_CREATED = "created_at"


def unpaid_orders_sql() -> str:
    return f"""
        SELECT o.user_id, 'order:' || o.id AS occasion, o.created_at AS occasion_at
        FROM {Order._meta.db_table} o
        WHERE o.user_id IS NOT NULL AND {PLACED}
          AND o.created_at BETWEEN %(occasion_from)s AND %(occasion_until)s
          AND o.authorize_status = '{OrderAuthorizeStatus.NONE}'
    """
