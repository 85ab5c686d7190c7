"""Release and expiry over a ledger of `rows` rows (10 per member), beside the raw rate.

Run: make bench-ledger  (or: .venv/bin/python -m bench.ledger_jobs [rows] [--explain])
The ledger is generated as a shop appends it (bench.ledger_data); then the two periodic
jobs run as Celery runs them, and `loyalty_verify`'s check confirms every cached balance
equals the ledger afterwards. In the same run, PostgreSQL's raw rate: one bulk
INSERT ... SELECT of as many rows as each job handled into a scratch table with the
ledger's unique key (dropped after). `--explain` first prints EXPLAIN (ANALYZE, BUFFERS)
of each job's batch pick and of its statement over the first batch (rolled back).
"""
import re
import sys
import time
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from bench import ledger_data
from bench.common import execute, machine, prepare_database, timer
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger, pending
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.points.verify import find_differences

ROWS_PER_MEMBER = 10
BATCH = 20_000  # the jobs' default batch of members
GOAL = 0.25  # issue 15: each job at least a quarter of the raw rate
RAW_TABLE = "bench_raw_insert"


def raw_insert_seconds(count: int, now: datetime) -> float:
    """Seconds of one INSERT ... SELECT of `count` expiry-like rows into a fresh table
    shaped like the ledger with only its unique key."""
    execute(f"CREATE TABLE {RAW_TABLE} (LIKE {PointsTransaction._meta.db_table})")
    try:
        execute(f"ALTER TABLE {RAW_TABLE} ADD UNIQUE (key)")
        start = time.perf_counter()
        execute(
            f"""INSERT INTO {RAW_TABLE} (id, member_id, key, kind, status, points, debt,
                    order_key, reason, created_at, available_at)
                SELECT g, g %% 1000000, 'expire:' || g, 'expiry', 'available', -100, 0, '',
                       'Points expired', %(now)s, %(now)s
                FROM generate_series(1, %(count)s) g""",
            {"count": count, "now": now},
        )
        return time.perf_counter() - start
    finally:
        execute(f"DROP TABLE {RAW_TABLE}")


def explain(sql: str, params) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of `sql`, rolled back (the batch's member ids elided)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return re.sub(r"'\{[0-9,]{100,}\}'", "'{<member ids of the batch>}'", plan)


def print_plans(now: datetime):
    tables = {"txn": PointsTransaction._meta.db_table, "member": Member._meta.db_table}
    jobs = (
        ("release_due", pending.due_for_release(now),
         pending._RELEASE_SQL.format(order_filter="", **tables),
         {"now": now, "expires_at": ledger.expiry_after(now, 365), "order_key": None}),
        ("expire_due", ledger.due_for_expiry(now), ledger._EXPIRE_SQL.format(**tables),
         {"now": now}),
    )
    for name, due, sql, params in jobs:
        pick = due.order_by("member_id").values_list("member_id", flat=True).distinct()[:BATCH]
        pick_sql, pick_params = pick.query.sql_with_params()
        print(f"\n### {name}: the batch pick (in_member_batches), first batch\n")
        print(explain(pick_sql, pick_params))
        print(f"\n### {name}: the statement over the first batch of {BATCH:,} members\n")
        print(explain(sql, {**params, "members": list(pick)}))


def main(rows: int = 1_000_000, show_plans: bool = False):
    prepare_database()
    members, now, results = rows // ROWS_PER_MEMBER, timezone.now(), {}
    with timer(results, "generate"):
        written = ledger_data.generate(members, rows, now)
    released, expired = pending.due_for_release(now).count(), ledger.due_for_expiry(now).count()
    if show_plans:
        print_plans(now)
    with timer(results, "release"):
        pending.release_due(now, lifetime_days=365)
    with timer(results, "expire"):
        ledger.expire_due(now)
    raw = {name: count / raw_insert_seconds(count, now)
           for name, count in (("release", released), ("expire", expired))}
    with timer(results, "verify"):
        assert find_differences() == [], "ledger and cached balances disagree"
    print(f"\nMachine: {machine()}")
    print(f"{members:,} members, {written:,} ledger rows in time order (generated in "
          f"{results['generate']:.1f} s; verified in {results['verify']:.1f} s)")
    print("| job | rows | seconds | rows/s | raw INSERT rows/s | ratio (goal >= 0.25) |")
    print("|---|---|---|---|---|---|")
    for name, label, count, unit in (("release", "release_due", released, "pending earnings"),
                                     ("expire", "expire_due", expired, "expired lots")):
        rate = count / results[name]
        ratio = rate / raw[name]
        print(f"| {label} | {count:,} {unit} | {results[name]:.1f} | {rate:,.0f} | "
              f"{raw[name]:,.0f} | {ratio:.3f} ({'met' if ratio >= GOAL else 'not met'}) |")


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:] if arg != "--explain"]
    main(*numbers, show_plans="--explain" in sys.argv)
