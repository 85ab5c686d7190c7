"""Saleor 3 order lines: orders are keyed by their UUID; a line's total carries its share
of the order's discounts; lines a promotion gave away (`is_gift`) were not bought."""

LINE_GROSS = "l.total_price_gross_amount"
BOUGHT_LINES = "AND NOT l.is_gift"

_UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


def order_id_of(key_sql: str) -> str:
    """SQL for the order id an order key names (null for a key that names no order, so a
    stray key never fails the statement)."""
    return f"(CASE WHEN {key_sql} ~ '{_UUID}' THEN CAST({key_sql} AS uuid) END)"
