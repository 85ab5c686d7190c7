"""SQL of the app's migrations that reads Saleor's own tables.

Frozen as the rules read when each migration was written; the running code keeps the
tables right afterwards (`insight.paid_orders.reconcile`).
"""

# 0005: statistics select Saleor's orders by when they were placed; Saleor 2.10 has no
# index for that. IF NOT EXISTS: harmless where the host has its own.
ORDER_CREATED_INDEX = "CREATE INDEX IF NOT EXISTS loyalty_order_created_idx ON order_order (created)"
DROP_ORDER_CREATED_INDEX = "DROP INDEX IF EXISTS loyalty_order_created_idx"

# 0009: the shop's existing orders, once, set-based: every paid order (not a draft, not
# cancelled, money captured and kept).
RECORD_PAID_ORDERS = """
INSERT INTO saleor_loyalty_paidorder (order_key, user_id, member_id, created, paid, written_by)
SELECT o.id::text, o.user_id, MIN(m.id), o.created, SUM(p.captured_amount), txid_current()
FROM order_order o
JOIN payment_payment p ON p.order_id = o.id
LEFT JOIN saleor_loyalty_member m ON m.user_id = o.user_id AND m.joined_at <= o.created
WHERE o.status NOT IN ('draft', 'canceled') AND p.captured_amount > 0
GROUP BY o.id
"""
