"""The shop's paid orders as the statistics count them, kept beside Saleor's orders.

Statistics of a period read every order of it: from Saleor's tables that means
joining each order to its payments and its customer's membership, and finding out
whether it was the customer's first paid order ever, one look-up into their history
per buyer (seconds for a month of a large shop). Two narrow tables answer instead:

- `PaidOrder`: per order, its customer, the member who placed it (joined before
  placing it), when it was placed, its currency and the money kept from it (0 once it
  is no longer paid), read through an index on when it was placed;
- `CustomerFirstOrder`: per customer with an account, when their first paid order
  was placed, so the period's first orders are one index range count.

They are kept in three ways:

- the order hooks rewrite the order's row and its customer's first paid order
  whenever the order changes (placed, paid, cancelled, refunded), in one statement
  in the hook's own transaction: exact at once;
- when the program is switched back on, `reconcile_changed_after` does the same for
  every order changed while it was off (no hook ran then), in the same transaction;
- `reconcile` (nightly, or `manage.py loyalty_paid_orders`) recomputes both from
  Saleor's orders and repairs what changed without a hook (imported orders, orders
  changed while the program was switched off, members removed). It writes only
  what differs, and never a row written by a transaction its snapshot cannot see:
  such a row was computed from newer orders than the ones it read.
"""
from datetime import datetime
from typing import List

from django.db import connection

from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.host.facts import OrderFacts
from saleor_loyalty.insight.models import CustomerFirstOrder, PaidOrder
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction

_ORDERS = PaidOrder._meta.db_table
_FIRSTS = CustomerFirstOrder._meta.db_table
_MEMBERS = Member._meta.db_table

# The row was written by this transaction or by one its snapshot sees.
_NOT_NEWER = """(t.written_by = txid_current()
                 OR txid_visible_in_snapshot(t.written_by, txid_current_snapshot()))"""

_ORDER_COLUMNS = "(order_key, user_id, member_id, created, currency, paid, written_by)"
_ORDER_UPDATE = """
    user_id = EXCLUDED.user_id, member_id = EXCLUDED.member_id, created = EXCLUDED.created,
    currency = EXCLUDED.currency, paid = EXCLUDED.paid, written_by = EXCLUDED.written_by
"""
_FIRST_UPDATE = "first_paid_at = EXCLUDED.first_paid_at, written_by = EXCLUDED.written_by"
# What an order's row records (written_by aside).
_RECORDED = "user_id, member_id, created, currency, paid"

# An order whose customer's account was deleted (Saleor leaves it without a customer)
# stays the order of the member who placed it: that member is kept, anonymous
# (members.erasure), so member order values and active members do not change.
_ERASED_MEMBER_OF = f"""
    SELECT o.member_id FROM {_ORDERS} o JOIN {_MEMBERS} e ON e.id = o.member_id
    WHERE o.order_key = {{order_key}} AND e.erased_at IS NOT NULL
"""

# One order changed: its row, and its customer's first paid order (customers only).
_SYNC_SQL = f"""
WITH before AS (SELECT {_RECORDED} FROM {_ORDERS} WHERE order_key = %(order_key)s),
order_row AS (
    INSERT INTO {_ORDERS} AS t {_ORDER_COLUMNS}
    SELECT %(order_key)s, %(user)s,
           COALESCE(
               (SELECT id FROM {_MEMBERS} WHERE user_id = %(user)s AND joined_at <= %(created)s),
               ({_ERASED_MEMBER_OF.format(order_key="%(order_key)s")})),
           %(created)s, %(currency)s, ({{kept}}), txid_current()
    ON CONFLICT (order_key) DO UPDATE SET {_ORDER_UPDATE}
    RETURNING {_RECORDED}
),
first_row AS (
    INSERT INTO {_FIRSTS} (user_id, first_paid_at, written_by)
    SELECT %(user)s, (SELECT MIN(first_paid_at) FROM ({{span}}) span), txid_current()
    WHERE %(user)s IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET {_FIRST_UPDATE}
)
SELECT NOT EXISTS (SELECT 1 FROM before)
       OR (SELECT ({_RECORDED}) FROM before) IS DISTINCT FROM (SELECT ({_RECORDED}) FROM order_row)
"""

# Everything, from Saleor's orders: rows that differ are written; orders that are no
# longer paid keep their row with nothing kept.
_RECONCILE_ORDERS_SQL = f"""
WITH current AS (
    SELECT paid.order_key, paid.user_id, COALESCE(m.id, erased.id) AS member_id,
           paid.created, paid.currency, paid.paid
    FROM ({{paid}}) paid
    LEFT JOIN {_MEMBERS} m ON m.user_id = paid.user_id AND m.joined_at <= paid.created
    LEFT JOIN {_ORDERS} kept ON paid.user_id IS NULL AND kept.order_key = paid.order_key
    LEFT JOIN {_MEMBERS} erased ON erased.id = kept.member_id AND erased.erased_at IS NOT NULL
),
changed AS (
    SELECT COALESCE(c.order_key, t.order_key) AS order_key,
           CASE WHEN c.order_key IS NULL THEN t.user_id ELSE c.user_id END AS user_id,
           CASE WHEN c.order_key IS NULL THEN t.member_id ELSE c.member_id END AS member_id,
           COALESCE(c.created, t.created) AS created,
           COALESCE(c.currency, t.currency) AS currency, COALESCE(c.paid, 0) AS paid
    FROM current c FULL JOIN ({{recorded}}) t ON t.order_key = c.order_key
    WHERE CASE WHEN c.order_key IS NULL THEN t.paid > 0
               WHEN t.order_key IS NULL THEN true
               ELSE (c.user_id, c.member_id, c.created, c.currency, c.paid)
                    IS DISTINCT FROM (t.user_id, t.member_id, t.created, t.currency, t.paid) END
)
INSERT INTO {_ORDERS} AS t {_ORDER_COLUMNS}
SELECT order_key, user_id, member_id, created, currency, paid, txid_current() FROM changed
ON CONFLICT (order_key) DO UPDATE SET {_ORDER_UPDATE}
WHERE {_NOT_NEWER}
"""

_RECONCILE_FIRSTS_SQL = f"""
WITH span AS ({{span}}),
changed AS (
    SELECT COALESCE(s.user_id, t.user_id) AS user_id, s.first_paid_at
    FROM span s FULL JOIN ({{recorded}}) t ON t.user_id = s.user_id
    WHERE s.first_paid_at IS DISTINCT FROM t.first_paid_at OR t.user_id IS NULL
)
INSERT INTO {_FIRSTS} AS t (user_id, first_paid_at, written_by)
SELECT user_id, first_paid_at, txid_current() FROM changed
ON CONFLICT (user_id) DO UPDATE SET {_FIRST_UPDATE}
WHERE {_NOT_NEWER}
"""

# For the statistics, over %(start)s to %(end)s: the paid orders placed then, and the
# customers whose first paid order ever was one of them.
PAID_ORDERS_BETWEEN_SQL = f"""
SELECT user_id, member_id, currency, paid FROM {_ORDERS}
WHERE created >= %(start)s AND created <= %(end)s AND paid > 0
"""
FIRST_ORDERS_BETWEEN_SQL = f"""
SELECT COUNT(*) FROM {_FIRSTS}
WHERE first_paid_at >= %(start)s AND first_paid_at <= %(end)s
"""


def order_synced(facts: OrderFacts) -> bool:
    """Rewrite what the statistics know of an order that changed (one statement;
    drafts are not orders yet); whether what the order's row records changed (a new
    order, money kept, customer or member). Rows are rewritten even when unchanged: the
    writing transaction is what keeps `reconcile` from overwriting them."""
    if facts.is_draft:
        return False
    sql = _SYNC_SQL.format(
        kept=host_orders.order_kept_sql(),
        span=host_orders.paid_order_span_sql("AND o.user_id = %(user)s"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"order_key": facts.key, "user": facts.user_id, "created": facts.created,
                  "currency": facts.currency},
        )
        return cursor.fetchone()[0]


def reconcile() -> int:
    """Recompute both tables from the shop's orders; returns the number of rows written."""
    with connection.cursor() as cursor:
        cursor.execute(_RECONCILE_ORDERS_SQL.format(
            paid=host_orders.paid_orders_sql(), recorded=f"SELECT * FROM {_ORDERS}"))
        written = cursor.rowcount
        cursor.execute(_RECONCILE_FIRSTS_SQL.format(
            span=host_orders.paid_order_span_sql(), recorded=f"SELECT * FROM {_FIRSTS}"))
        return written + cursor.rowcount


def reconcile_changed_after(orders_mark: str) -> int:
    """`reconcile` for the orders changed after a host mark (a pause of the program) and
    their customers, before and now; returns the number of rows written. Its cost grows
    with the orders changed since the mark, not with the shop."""
    changed = host_orders.changed_orders_sql()
    keys = f"SELECT order_key FROM ({changed}) changed_order"
    customers = f"""
        SELECT user_id FROM ({changed}) changed_order WHERE user_id IS NOT NULL
        UNION SELECT user_id FROM {_ORDERS} WHERE order_key IN ({keys}) AND user_id IS NOT NULL
    """
    params = {"orders_mark": orders_mark}
    with connection.cursor() as cursor:
        # Customers first: the orders' rows still name the customers they had.
        cursor.execute(_RECONCILE_FIRSTS_SQL.format(
            span=host_orders.paid_order_span_sql(f"AND o.user_id IN ({customers})"),
            recorded=f"SELECT * FROM {_FIRSTS} WHERE user_id IN ({customers})"), params)
        written = cursor.rowcount
        cursor.execute(_RECONCILE_ORDERS_SQL.format(
            paid=host_orders.paid_orders_sql(host_orders.changed_orders_condition()),
            recorded=f"SELECT * FROM {_ORDERS} WHERE order_key IN ({keys})"), params)
        return written + cursor.rowcount


def member_orders_without_earning(since: datetime, limit: int) -> List[str]:
    """Keys of orders placed by members since `since` and paid now that the ledger holds
    no earning of: orders whose hook failed and whose retry was lost (the broker refused
    it), or that earn nothing (those are looked at again until `since` passes them)."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT o.order_key FROM {_ORDERS} o
            WHERE o.member_id IS NOT NULL AND o.paid > 0 AND o.created >= %(since)s
              AND NOT EXISTS (SELECT 1 FROM {PointsTransaction._meta.db_table} t
                              WHERE t.key = 'earn:' || o.order_key)
            ORDER BY o.created LIMIT %(limit)s
        """, {"since": since, "limit": limit})
        return [key for (key,) in cursor.fetchall()]
