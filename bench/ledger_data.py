"""A ledger as a shop writes it, generated with set-based SQL, for bench.ledger_jobs.

Earnings (one per order, 10 to 500 points) go to members drawn at random over two years
of history; every row is appended in time order (ids follow `created_at`), so a member's
rows lie scattered over the table as in a real shop. The periodic jobs last ran
`BACKLOG_DAYS` ago (a worker down for a quarter, or a ledger imported with its history):

- an earning whose return window (`WINDOW_DAYS` after the order) ended before that was
  released then: a lot expiring `LIFETIME_DAYS` later; 30 % of the lots were spent whole
  by a redemption before their expiry, and the unspent ones whose expiry came before the
  jobs stopped have their expiry row (key and lot as `expire_due` writes them);
- every later earning is still pending (5 % with a pending partial refund): those whose
  window ended since are due for release;
- unspent lots that expired since the jobs stopped still hold their points: due for expiry.

Members' cached balances are set to what their ledger sums to.
"""
from datetime import datetime, timedelta

from django.db import connection

from bench.common import create_members, execute
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import LIFETIME_KINDS, PointsTransaction

HISTORY_DAYS = 730
WINDOW_DAYS = 14
LIFETIME_DAYS = 365
BACKLOG_DAYS = 90
REDEEMED, REFUNDED = 0.3, 0.05
CHUNK = 1_000_000  # rows appended per statement (and transaction)
STAGE = "bench_ledger_stage"


def rows_per_earning() -> float:
    """Ledger rows an earning brings on average (itself, its redemption, expiry, refund)."""
    released = 1 - (WINDOW_DAYS + BACKLOG_DAYS) / HISTORY_DAYS
    expired = 1 - (WINDOW_DAYS + LIFETIME_DAYS + BACKLOG_DAYS) / HISTORY_DAYS
    return 1 + released * REDEEMED + expired * (1 - REDEEMED) + (1 - released) * REFUNDED


# Every row with its place in time (`id`, from `%(first_id)s`); `n` links an expiry row
# to its lot (`part` 0).
_STAGE_SQL = """
CREATE UNLOGGED TABLE {stage} AS
WITH earnings AS (
    SELECT g AS n, %(first_member)s + floor(random() * %(members)s)::int AS member_id,
           created_at, created_at + interval '{window} days' AS window_ends_at,
           created_at + interval '{window} days' <= %(ran)s AS released,
           10 + floor(random() * 491)::int AS points, random() AS draw
    FROM (SELECT g, %(now)s - random() * interval '{history} days' AS created_at
          FROM generate_series(1, %(earnings)s) g) e
),
lots AS (
    SELECT *, window_ends_at + interval '{lifetime} days' AS expires_at,
           released AND draw < {redeemed} AS redeemed
    FROM earnings
),
all_rows AS (
    SELECT n, 0 AS part, member_id, 'earn:' || n AS key, 'earn' AS kind,
           CASE WHEN released THEN 'available' ELSE 'pending' END AS status, points,
           CASE WHEN NOT released THEN NULL
                WHEN redeemed OR expires_at <= %(ran)s THEN 0 ELSE points END AS remaining,
           n::text AS order_key, '' AS reason, created_at, window_ends_at,
           CASE WHEN released THEN window_ends_at END AS available_at,
           CASE WHEN released THEN expires_at END AS expires_at
    FROM lots
    UNION ALL
    SELECT n, 1, member_id, 'redeem:' || n, 'redeem', 'available', -points, NULL, '', '',
           at, NULL, at, NULL
    FROM (SELECT *, window_ends_at + draw / {redeemed}
                    * (LEAST(expires_at, %(now)s) - window_ends_at) AS at
          FROM lots WHERE redeemed) r
    UNION ALL
    SELECT n, 2, member_id, NULL, 'expiry', 'available', -points, NULL, '', 'Points expired',
           expires_at, NULL, expires_at, NULL
    FROM lots WHERE released AND NOT redeemed AND expires_at <= %(ran)s
    UNION ALL
    SELECT n, 3, member_id, 'refund:' || n, 'reversal', 'pending', -(points / 2), NULL,
           n::text, 'Partial refund', at, NULL, NULL, NULL
    FROM (SELECT *, created_at + draw / {refunded}
                    * (LEAST(window_ends_at, %(now)s) - created_at) AS at
          FROM lots WHERE NOT released AND draw < {refunded}) f
)
SELECT *, %(first_id)s - 1 + row_number() OVER (ORDER BY created_at, n, part) AS id
FROM all_rows
"""

_APPEND_SQL = """
INSERT INTO {txn} (id, member_id, key, kind, status, points, remaining, debt, order_key,
                   reason, created_at, window_ends_at, available_at, expires_at, lot_id)
SELECT r.id, r.member_id, COALESCE(r.key, 'expire:' || lot.id), r.kind, r.status, r.points,
       r.remaining, 0, r.order_key, r.reason, r.created_at, r.window_ends_at, r.available_at,
       r.expires_at, lot.id
FROM {stage} r LEFT JOIN {stage} lot ON r.part = 2 AND lot.part = 0 AND lot.n = r.n
WHERE r.id BETWEEN %(low)s AND %(high)s
ORDER BY r.id
"""

_BALANCES_SQL = """
UPDATE {member} m SET points_balance = l.balance, pending_points = l.pending,
                      lifetime_points = l.lifetime
FROM (
    SELECT member_id,
           COALESCE(SUM(points) FILTER (WHERE status = 'available'), 0) AS balance,
           COALESCE(SUM(points) FILTER (WHERE status = 'pending'), 0) AS pending,
           COALESCE(SUM(points) FILTER (
               WHERE status = 'available' AND kind = ANY(%(lifetime_kinds)s)), 0) AS lifetime
    FROM {stage} GROUP BY member_id
) l
WHERE m.id = l.member_id
"""


def generate(members: int, rows: int, now: datetime) -> int:
    """`members` members and about `rows` ledger rows (returns how many) as of `now`."""
    txn, member = PointsTransaction._meta.db_table, Member._meta.db_table
    create_members(members)  # also empties the ledger
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id) FROM {member}")
        first_member = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [txn])
        first_id = cursor.fetchone()[0]
    execute(f"DROP TABLE IF EXISTS {STAGE}")
    execute(
        _STAGE_SQL.format(stage=STAGE, window=WINDOW_DAYS, history=HISTORY_DAYS,
                          lifetime=LIFETIME_DAYS, redeemed=REDEEMED, refunded=REFUNDED),
        {"first_member": first_member, "members": members, "now": now,
         "ran": now - timedelta(days=BACKLOG_DAYS), "first_id": first_id,
         "earnings": round(rows / rows_per_earning())},
    )
    execute(f"CREATE INDEX ON {STAGE} (id)")
    execute(f"CREATE INDEX ON {STAGE} (n) WHERE part = 0")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {STAGE}")
        written = cursor.fetchone()[0]
    for low in range(first_id, first_id + written, CHUNK):
        execute(_APPEND_SQL.format(txn=txn, stage=STAGE), {"low": low, "high": low + CHUNK - 1})
    execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [txn, first_id + written - 1])
    execute(_BALANCES_SQL.format(member=member, stage=STAGE),
            {"lifetime_kinds": [str(kind) for kind in LIFETIME_KINDS]})
    execute(f"DROP TABLE {STAGE}")
    execute(f"VACUUM ANALYZE {txn}")
    execute(f"VACUUM ANALYZE {member}")
    return written
