"""Orders as the loyalty domain reads them: `OrderFacts`, keys, and SQL over paid orders.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/orders.py`; the SQL built on `paid_orders_sql` is the same for both. SQL
conditions name the order `o` by its columns `id`, `user_id`, `created`, `status` and
`currency` on every Saleor (on Saleor 3, `created` is its `created_at`).
"""
from django.db.models import Max, Subquery

from saleor_loyalty.host.generation import adapter

_adapter = adapter("orders")

changed_orders_condition = _adapter.changed_orders_condition
changed_orders_sql = _adapter.changed_orders_sql
customer_has_orders = _adapter.customer_has_orders
get_order = _adapter.get_order
member_orders = _adapter.member_orders
old_order_keys_sql = _adapter.old_order_keys_sql
order_change_mark = _adapter.order_change_mark
order_facts = _adapter.order_facts
order_kept_sql = _adapter.order_kept_sql
orders_by_keys = _adapter.orders_by_keys
orders_changed_after = _adapter.orders_changed_after
paid_orders_sql = _adapter.paid_orders_sql


def order_key(order) -> str:
    """The key the ledger and the paid-order record know an order by: its primary key
    (an integer on Saleor 2.10, a UUID on Saleor 3), as text."""
    return str(order.pk)


def paid_activity_sql(user_filter: str = "") -> str:
    """SQL for (user_id, currency, spend, orders): money kept and the number of paid
    orders of each customer in each currency placed since %(since)s, as in
    `paid_orders_sql`. `user_filter` is an extra condition on `o.user_id`."""
    paid = paid_orders_sql(f"AND o.created >= %(since)s AND o.user_id IS NOT NULL {user_filter}")
    return f"""
        SELECT user_id, currency, SUM(paid) AS spend, COUNT(*) AS orders
        FROM ({paid}) paid_orders
        GROUP BY user_id, currency
    """


def paid_order_span_sql(user_filter: str = "") -> str:
    """SQL for (user_id, first_paid_at, last_paid_at): when each customer placed their
    first and their last paid order (as in `paid_orders_sql`), for customers with one.
    `user_filter` is an extra condition on `o.user_id`."""
    paid = paid_orders_sql(f"AND o.user_id IS NOT NULL {user_filter}")
    return f"""
        SELECT user_id, MIN(created) AS first_paid_at, MAX(created) AS last_paid_at
        FROM ({paid}) paid_orders
        GROUP BY user_id
    """


def users_with_paid_order_after(moment):
    """Queryset of the ids of users with a paid order placed after `moment` (for use
    as a subquery)."""
    placed_after = {f"{_adapter.PLACED_AT}__gt": moment}
    return _adapter.paid_orders().filter(user_id__isnull=False, **placed_after).values("user_id")


def last_paid_order_at(user_ref):
    """Subquery expression: when the user `user_ref` (an OuterRef) last placed a paid
    order; null when never."""
    return Subquery(
        _adapter.paid_orders()
        .filter(user_id=user_ref)
        .order_by()
        .values("user_id")
        .annotate(last=Max(_adapter.PLACED_AT))
        .values("last")[:1]
    )
