"""What customers bought: the lines of orders, with their product and its category, as
SQL the insight reports build on.

The interface: the names the plugin uses. Each Saleor generation's adapter says how a
line's order key and money read there (`host/<generation>/order_lines.py`); the SQL is
the same otherwise.
"""
from saleor.order.models import OrderLine
from saleor.product.models import Category, Product, ProductVariant

from saleor_loyalty.host.generation import adapter

_adapter = adapter("order_lines")


def order_lines_sql(orders: str) -> str:
    """SQL for (order_key, product_id, product_name, category_id, category_name, quantity,
    gross) of the lines of the orders `orders` (SQL with an `order_key` column): the
    product and category as the catalogue has them now, and `gross` the line's total in
    the order's currency as the order recorded it. Lines whose variant was deleted since
    have no product (nor category); a product without a category has none.
    """
    return f"""
        SELECT k.order_key, v.product_id, p.name AS product_name, p.category_id,
               c.name AS category_name, l.quantity, {_adapter.LINE_GROSS} AS gross
        FROM ({orders}) k
        JOIN {OrderLine._meta.db_table} l ON l.order_id = {_adapter.order_id_of("k.order_key")}
        LEFT JOIN {ProductVariant._meta.db_table} v ON v.id = l.variant_id
        LEFT JOIN {Product._meta.db_table} p ON p.id = v.product_id
        LEFT JOIN {Category._meta.db_table} c ON c.id = p.category_id
        WHERE true {_adapter.BOUGHT_LINES}
    """


def order_keys_buying_sql() -> str:
    """SQL for (order_key) of every order with a line of one of the products
    %(products)s or of a product in one of the categories %(categories)s or below them
    (integer arrays), once per line: who bought what, driven by the products (the same on
    both generations; categories are a tree there)."""
    category = Category._meta.db_table
    return f"""
        SELECT l.order_id::text AS order_key
        FROM {OrderLine._meta.db_table} l
        JOIN {ProductVariant._meta.db_table} v ON v.id = l.variant_id
        JOIN {Product._meta.db_table} p ON p.id = v.product_id
        WHERE p.id = ANY(%(products)s) OR p.category_id IN (
            SELECT below.id FROM {category} top JOIN {category} below
              ON below.tree_id = top.tree_id AND below.lft BETWEEN top.lft AND top.rght
            WHERE top.id = ANY(%(categories)s))
    """
