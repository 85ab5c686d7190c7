"""Release and expiry over 1,000,000 ledger rows, generated with set-based SQL.

Run: make bench-ledger  (or: .venv/bin/python -m bench.ledger_jobs [members])
"""
import sys

from django.utils import timezone

from bench.common import create_members, execute, machine, prepare_database, timer
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger, pending
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.points.verify import find_differences

ROWS_PER_MEMBER = 10  # 5 pending earnings whose window ended, 5 lots past their expiry


def generate(members: int):
    txn, member = PointsTransaction._meta.db_table, Member._meta.db_table
    create_members(members, balance=500, pending=500, lifetime=500)
    execute(
        f"""INSERT INTO {txn} (member_id, key, kind, status, points, remaining, debt,
                order_key, reason, created_at, window_ends_at, available_at, expires_at)
            SELECT m.id, 'earn:b' || m.id || '-' || i, 'earn', 'pending', 100, NULL, 0,
                   'b' || m.id || '-' || i, '', now() - interval '30 days',
                   now() - interval '1 day', NULL, NULL
            FROM {member} m, generate_series(1, 5) i
            UNION ALL
            SELECT m.id, 'bonus:b' || m.id || '-' || i, 'bonus', 'available', 100, 100, 0,
                   '', '', now() - interval '400 days', NULL, now() - interval '400 days',
                   now() - interval '1 day'
            FROM {member} m, generate_series(1, 5) i"""
    )
    execute(f"ANALYZE {txn}")
    execute(f"ANALYZE {member}")


def main(members: int = 100_000):
    prepare_database()
    results = {}
    with timer(results, "generate"):
        generate(members)
    rows = members * ROWS_PER_MEMBER
    now = timezone.now()
    with timer(results, "release"):
        pending.release_due(now, lifetime_days=365)
    with timer(results, "expire"):
        ledger.expire_due(now)
    assert find_differences() == [], "ledger and cached balances disagree"
    released = PointsTransaction.objects.filter(kind="earn", status="available").count()
    expired = PointsTransaction.objects.filter(kind="expiry").count()
    print(f"Machine: {machine()}")
    print(f"{members:,} members, {rows:,} ledger rows (generated in {results['generate']:.1f} s)")
    print("| job | rows | seconds | rows/s |")
    print("|---|---|---|---|")
    print(f"| release_due | {released:,} pending earnings | {results['release']:.1f} | {released / results['release']:,.0f} |")
    print(f"| expire_due | {expired:,} expired lots | {results['expire']:.1f} | {expired / results['expire']:,.0f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
