"""SQL of the app's migrations that reads Saleor's own tables.

Frozen as the rules read when each migration was written; the running code keeps the
tables right afterwards (`insight.paid_orders.reconcile`).
"""

from typing import Optional

from django.db import DatabaseError

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

# Member search (`loyaltyMembers(filter: {search})`) matches every word anywhere in a
# customer's e-mail, first or last name, as Django's `icontains` writes it:
# `UPPER(column::text) LIKE UPPER('%word%')`. Trigram GIN indexes on those expressions
# answer it without reading every customer. pg_trgm is a trusted extension (PostgreSQL 13+):
# a user who may create objects in the database may create it; where it cannot be created,
# the migration says so and search keeps working without the indexes.
TRIGRAM_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
_CUSTOMER_SEARCH_INDEXES = {
    f"loyalty_user_{column}_trgm": (
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS loyalty_user_{column}_trgm "
        f"ON account_user USING gin (UPPER({column}::text) gin_trgm_ops)"
    )
    for column in ("email", "first_name", "last_name")
}


def create_customer_search_indexes(cursor) -> Optional[str]:
    """Build the search indexes (idempotent; CONCURRENTLY, so outside a transaction); the
    reason when pg_trgm cannot be created here, None when they are built."""
    try:
        cursor.execute(TRIGRAM_EXTENSION)
    except DatabaseError as error:
        return str(error).strip()
    for statement in _CUSTOMER_SEARCH_INDEXES.values():
        cursor.execute(statement)
    return None


def drop_customer_search_indexes(cursor):
    for name in _CUSTOMER_SEARCH_INDEXES:
        cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
