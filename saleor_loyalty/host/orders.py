"""Orders as the loyalty domain reads them: `OrderFacts`, keys, and SQL over paid orders.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/orders.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("orders")

changed_orders_condition = _adapter.changed_orders_condition
changed_orders_sql = _adapter.changed_orders_sql
customer_has_orders = _adapter.customer_has_orders
get_order = _adapter.get_order
last_paid_order_at = _adapter.last_paid_order_at
member_orders = _adapter.member_orders
order_change_mark = _adapter.order_change_mark
order_facts = _adapter.order_facts
order_kept_sql = _adapter.order_kept_sql
order_key = _adapter.order_key
orders_by_keys = _adapter.orders_by_keys
orders_changed_after = _adapter.orders_changed_after
paid_activity_sql = _adapter.paid_activity_sql
paid_order_span_sql = _adapter.paid_order_span_sql
paid_orders_sql = _adapter.paid_orders_sql
users_with_paid_order_after = _adapter.users_with_paid_order_after
