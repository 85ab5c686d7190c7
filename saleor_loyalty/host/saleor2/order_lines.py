"""Saleor 2.10 order lines: orders are keyed by their integer id; a line records its unit
price, and its total is that times the quantity."""

LINE_GROSS = "l.unit_price_gross_amount * l.quantity"
# Every line is something the customer bought.
BOUGHT_LINES = ""


def order_id_of(key_sql: str) -> str:
    """SQL for the order id an order key names (null for a key that names no order, so a
    stray key never fails the statement)."""
    return f"(CASE WHEN {key_sql} ~ '^[0-9]{{1,18}}$' THEN CAST({key_sql} AS bigint) END)"
