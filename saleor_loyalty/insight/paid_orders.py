"""The shop's paid orders as the statistics count them, kept beside Saleor's orders.

Statistics of a period read every order of it: from Saleor's tables that means
joining each order to its payments and its customer's membership, and finding out
whether it was the customer's first paid order ever, one look-up into their history
per buyer (seconds for a month of a large shop). Narrow tables answer instead:

- `PaidOrder`: per order, its customer, the member who placed it (joined before
  placing it), when it was placed, its currency and the money kept from it (0 once it
  is no longer paid), read through an index on when it was placed;
- `CustomerFirstOrder`: per customer with an account, when their first and their last
  paid order were placed, so the period's first orders are one index range count (and
  audiences know how long ago each customer last ordered);
- `CustomerSpend`: per customer with an account and currency, the money kept from all
  their paid orders, so audiences read one row per customer, not their every order.

They are kept in three ways:

- the order hooks rewrite the order's row, its customer's first and last paid order and
  their spend whenever the order changes (placed, paid, cancelled, refunded), in one
  statement in the hook's own transaction: exact at once. The order's row is locked
  before it is read, so two hooks of one order take turns and the second sees what the
  first wrote; the spend changes by what the order's row records now minus what it
  recorded before, added to the spend row as it is when written, so hooks of one
  customer's orders running at the same time all count. A hook that finds the order's
  row written since its statement began by another hook that created it fails (and is
  retried): what that row held before is not known to it;
- when the program is switched back on, `reconcile_changed_after` does the same for
  every order changed while it was off (no hook ran then), in the same transaction;
- `reconcile` (nightly, or `manage.py loyalty_paid_orders`) recomputes them from
  Saleor's orders (the spend from the orders' rows it has just made right) and repairs
  what changed without a hook (imported orders, orders changed while the program was
  switched off, members removed). It writes only what differs, and never a row written
  by a transaction its snapshot cannot see: such a row was computed from newer orders
  than the ones it read (a customer's spend that a hook changed during the run is
  repaired by the next run, when it also missed an order the run rewrote).
"""
from datetime import datetime
from typing import List

from django.db import connection

from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.host.facts import OrderFacts
from saleor_loyalty.insight.models import CustomerFirstOrder, CustomerSpend, PaidOrder
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction

_ORDERS = PaidOrder._meta.db_table
_FIRSTS = CustomerFirstOrder._meta.db_table
_SPEND = CustomerSpend._meta.db_table
_MEMBERS = Member._meta.db_table

# The row was written by this transaction or by one its snapshot sees.
_NOT_NEWER = """(t.written_by = txid_current()
                 OR txid_visible_in_snapshot(t.written_by, txid_current_snapshot()))"""

_ORDER_COLUMNS = "(order_key, user_id, member_id, created, currency, paid, written_by)"
_ORDER_UPDATE = """
    user_id = EXCLUDED.user_id, member_id = EXCLUDED.member_id, created = EXCLUDED.created,
    currency = EXCLUDED.currency, paid = EXCLUDED.paid, written_by = EXCLUDED.written_by
"""
_FIRST_UPDATE = """first_paid_at = EXCLUDED.first_paid_at, last_paid_at = EXCLUDED.last_paid_at,
    written_by = EXCLUDED.written_by"""
_SPEND_UPDATE = "spend = EXCLUDED.spend, written_by = EXCLUDED.written_by"
# What an order's row records (written_by aside).
_RECORDED = "user_id, member_id, created, currency, paid"

# An order whose customer's account was deleted (Saleor leaves it without a customer)
# stays the order of the member who placed it: that member is kept, anonymous
# (members.erasure), so member order values and active members do not change.
_ERASED_MEMBER_OF = f"""
    SELECT o.member_id FROM {_ORDERS} o JOIN {_MEMBERS} e ON e.id = o.member_id
    WHERE o.order_key = {{order_key}} AND e.erased_at IS NOT NULL
"""

# One order changed: its row (locked first: `before` is what it recorded until now, and
# the insert reads it before writing), its customer's first and last paid order, and the
# spend of its customer (before and now) changed by what it records now minus before.
# A row found on insert that `before` did not see was created by a concurrent hook since
# this statement began: it is left alone and the statement fails, to be retried.
_SYNC_SQL = f"""
WITH before AS (
    SELECT {_RECORDED} FROM {_ORDERS} WHERE order_key = %(order_key)s FOR UPDATE
),
order_row AS (
    INSERT INTO {_ORDERS} AS t {_ORDER_COLUMNS}
    SELECT %(order_key)s, %(user)s,
           COALESCE(
               (SELECT id FROM {_MEMBERS} WHERE user_id = %(user)s AND joined_at <= %(created)s),
               ({_ERASED_MEMBER_OF.format(order_key="%(order_key)s")})),
           %(created)s, %(currency)s, ({{kept}}), txid_current()
    FROM (SELECT 1) AS one LEFT JOIN before ON true
    ON CONFLICT (order_key) DO UPDATE SET {_ORDER_UPDATE} WHERE EXISTS (SELECT 1 FROM before)
    RETURNING {_RECORDED}
),
first_row AS (
    INSERT INTO {_FIRSTS} (user_id, first_paid_at, last_paid_at, written_by)
    SELECT %(user)s, span.first_paid_at, span.last_paid_at, txid_current()
    FROM (SELECT MIN(first_paid_at) AS first_paid_at, MAX(last_paid_at) AS last_paid_at
          FROM ({{span}}) span) span
    WHERE %(user)s IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET {_FIRST_UPDATE}
),
spend_change AS (
    SELECT user_id, currency, SUM(paid) AS spend
    FROM (SELECT user_id, currency, -paid AS paid FROM before
          UNION ALL SELECT user_id, currency, paid FROM order_row) change
    WHERE user_id IS NOT NULL AND paid <> 0
    GROUP BY user_id, currency
),
spend_row AS (
    INSERT INTO {_SPEND} AS t (user_id, currency, spend, written_by)
    SELECT user_id, currency, spend, txid_current() FROM spend_change WHERE spend <> 0
    ON CONFLICT (user_id, currency) DO UPDATE
    SET spend = t.spend + EXCLUDED.spend, written_by = EXCLUDED.written_by
)
SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM order_row) THEN CAST(
        (SELECT 'order ' || %(order_key)s || ' was first recorded by a concurrent hook') AS boolean)
    ELSE NOT EXISTS (SELECT 1 FROM before)
         OR (SELECT ({_RECORDED}) FROM before) IS DISTINCT FROM (SELECT ({_RECORDED}) FROM order_row)
END
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
    SELECT COALESCE(s.user_id, t.user_id) AS user_id, s.first_paid_at, s.last_paid_at
    FROM span s FULL JOIN ({{recorded}}) t ON t.user_id = s.user_id
    WHERE (s.first_paid_at, s.last_paid_at) IS DISTINCT FROM (t.first_paid_at, t.last_paid_at)
       OR t.user_id IS NULL
)
INSERT INTO {_FIRSTS} AS t (user_id, first_paid_at, last_paid_at, written_by)
SELECT user_id, first_paid_at, last_paid_at, txid_current() FROM changed
ON CONFLICT (user_id) DO UPDATE SET {_FIRST_UPDATE}
WHERE {_NOT_NEWER}
"""

# Every customer's spend from the paid-order record (after the orders' rows): rows that
# differ are written, a customer left without paid orders in a currency keeps a row of 0.
# A row a hook wrote after this statement's snapshot already counts what the snapshot
# misses and is left alone (the next run looks at it again).
_RECONCILE_SPEND_SQL = f"""
WITH current AS (
    SELECT user_id, currency, SUM(paid) AS spend FROM {_ORDERS}
    WHERE paid > 0 AND user_id IS NOT NULL {{users}}
    GROUP BY user_id, currency
),
changed AS (
    SELECT COALESCE(c.user_id, t.user_id) AS user_id, COALESCE(c.currency, t.currency) AS currency,
           COALESCE(c.spend, 0) AS spend
    FROM current c FULL JOIN (SELECT * FROM {_SPEND} WHERE true {{users}}) t
         ON t.user_id = c.user_id AND t.currency = c.currency
    WHERE t.user_id IS NULL OR COALESCE(c.spend, 0) <> t.spend
)
INSERT INTO {_SPEND} AS t (user_id, currency, spend, written_by)
SELECT user_id, currency, spend, txid_current() FROM changed
ON CONFLICT (user_id, currency) DO UPDATE SET {_SPEND_UPDATE}
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
    """Recompute the three tables from the shop's orders; returns the number of rows
    written."""
    with connection.cursor() as cursor:
        cursor.execute(_RECONCILE_ORDERS_SQL.format(
            paid=host_orders.paid_orders_sql(), recorded=f"SELECT * FROM {_ORDERS}"))
        written = cursor.rowcount
        cursor.execute(_RECONCILE_FIRSTS_SQL.format(
            span=host_orders.paid_order_span_sql(), recorded=f"SELECT * FROM {_FIRSTS}"))
        written += cursor.rowcount
    return written + reconcile_spend()


def reconcile_spend() -> int:
    """Recompute every customer's spend from the orders' rows as they are (`reconcile`
    makes those right first); returns the number of rows written."""
    with connection.cursor() as cursor:
        cursor.execute(_RECONCILE_SPEND_SQL.format(users=""))
        return cursor.rowcount


def reconcile_changed_after(orders_mark: str) -> int:
    """`reconcile` for the orders changed after a host mark (a pause of the program) and
    their customers, before and now; returns the number of rows written. Its cost grows
    with the orders changed since the mark, not with the shop."""
    changed = host_orders.changed_orders_sql()
    keys = f"SELECT order_key FROM ({changed}) changed_order"
    with connection.cursor() as cursor:
        # Customers first: the orders' rows still name the customers they had.
        cursor.execute(f"""
            SELECT user_id FROM ({changed}) changed_order WHERE user_id IS NOT NULL
            UNION SELECT user_id FROM {_ORDERS} WHERE order_key IN ({keys}) AND user_id IS NOT NULL
        """, {"orders_mark": orders_mark})
        params = {"orders_mark": orders_mark, "users": [user for (user,) in cursor.fetchall()]}
        users = "AND user_id = ANY(%(users)s)"
        cursor.execute(_RECONCILE_FIRSTS_SQL.format(
            span=host_orders.paid_order_span_sql("AND o.user_id = ANY(%(users)s)"),
            recorded=f"SELECT * FROM {_FIRSTS} WHERE true {users}"), params)
        written = cursor.rowcount
        cursor.execute(_RECONCILE_ORDERS_SQL.format(
            paid=host_orders.paid_orders_sql(host_orders.changed_orders_condition()),
            recorded=f"SELECT * FROM {_ORDERS} WHERE order_key IN ({keys})"), params)
        written += cursor.rowcount
        cursor.execute(_RECONCILE_SPEND_SQL.format(users=users), params)
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
