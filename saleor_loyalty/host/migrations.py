"""SQL of the app's migrations that reads Saleor's own tables.

The interface: the names the plugin uses. Each Saleor generation's adapter defines the
SQL over orders and payments in `host/<generation>/migrations.py`; customer accounts are
the same table in both generations.
"""
from typing import Optional

from django.db import DatabaseError

from saleor_loyalty.host.generation import adapter

_adapter = adapter("migrations")

DROP_ORDER_CREATED_INDEX = _adapter.DROP_ORDER_CREATED_INDEX
ORDER_CREATED_INDEX = _adapter.ORDER_CREATED_INDEX
RECORD_PAID_ORDERS = _adapter.RECORD_PAID_ORDERS

# 0015: the currency of every recorded paid order (Saleor's orders table is the same
# `order_order`, with a `currency` column, in both generations).
RECORD_PAID_ORDER_CURRENCIES = """
UPDATE saleor_loyalty_paidorder t SET currency = o.currency
FROM order_order o WHERE t.order_key = o.id::text
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
