"""SQL of the app's migrations that reads Saleor 3's own tables.

Frozen as the rules read when each migration was written; the running code keeps the
tables right afterwards (`insight.paid_orders.reconcile`).
"""
# 0005: Saleor 3 indexes orders by when they were placed itself (idx_order_created_at).
ORDER_CREATED_INDEX = "SELECT 1"
DROP_ORDER_CREATED_INDEX = "SELECT 1"

# 0009: the shop's existing orders, once, set-based: every paid order (not a draft, not
# unconfirmed, cancelled or expired) with the money kept from it, as Saleor counts its
# `total_charged`: captured through the Payment API plus charged through the Transaction
# API, both net of refunds and chargebacks.
RECORD_PAID_ORDERS = """
INSERT INTO saleor_loyalty_paidorder (order_key, user_id, member_id, created, paid, written_by)
SELECT o.id::text, o.user_id, m.id, o.created_at, money.paid, txid_current()
FROM order_order o
JOIN (
    SELECT order_id, SUM(kept) AS paid FROM (
        SELECT order_id, captured_amount AS kept FROM payment_payment
        WHERE order_id IS NOT NULL
        UNION ALL
        SELECT order_id, charged_value AS kept FROM payment_transactionitem
        WHERE order_id IS NOT NULL
    ) received GROUP BY order_id
) money ON money.order_id = o.id
LEFT JOIN LATERAL (
    SELECT MIN(id) AS id FROM saleor_loyalty_member
    WHERE user_id = o.user_id AND joined_at <= o.created_at
) m ON true
WHERE o.status NOT IN ('draft', 'canceled', 'unconfirmed', 'expired') AND money.paid > 0
"""
