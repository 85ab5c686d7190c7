"""Importing 100,000 members from another loyalty program's file (issue 18).

Run: make bench-import  (or: .venv/bin/python -m bench.member_import [rows])
A generic-preset CSV is generated: a third of the e-mails belong to customers who exist
already, every row has a tier, a joined date and lifetime points above the balance, half
have two lots with expiry, a third a birthday, every tenth a referrer in the file. The
previous run's data are removed first; then `import_members` runs once, timed (members,
accounts, ledger rows, referral links), and `loyalty_verify` must find no difference.
Goal: under 60 s.
"""
import random
import sys
import time
from datetime import date, timedelta

from django.db import connection

from bench.common import execute, machine, prepare_database, remove_members
from saleor_loyalty.host.accounts import User
from saleor_loyalty.members import imports
from saleor_loyalty.members.models import MemberImport
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.points.verify import find_differences
from saleor_loyalty.tiers.models import Tier

GOAL_SECONDS = 60.0
PREFIX = "import-bench-"


def remove_previous():
    """The bench database is the benchmark's own: every member goes (TRUNCATE, as the
    other benchmarks do), with the synthetic customers."""
    remove_members()
    execute(f"DELETE FROM {User._meta.db_table} WHERE email LIKE %s", [PREFIX + "%"])
    MemberImport.objects.all().delete()


def tiers():
    names = ["Bench Bronze", "Bench Silver", "Bench Gold"]
    for rank, name in enumerate(names, start=100):
        Tier.objects.get_or_create(slug=name.lower().replace(" ", "-"),
                                   defaults={"name": name, "rank": rank})
    return names


def generate(rows: int) -> bytes:
    rng = random.Random(18)
    tier_names = tiers()
    existing = [User(email=f"{PREFIX}{i}@example.com", password="!")
                for i in range(0, rows, 3)]
    User.objects.bulk_create(existing, batch_size=5000)
    expiry = date.today() + timedelta(days=400)
    lines = ["email,points_balance,lifetime_points,tier,joined_at,birthday,referral_code,"
             "referred_by,lots"]
    for i in range(rows):
        balance = rng.randint(0, 5000)
        lots = ""
        if i % 2 and balance >= 2:
            lots = f"{balance // 2}@{expiry};{balance // 4 or 1}@{expiry + timedelta(days=90)}"
        birthday = f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" \
            if i % 3 == 0 else ""
        referrer = f"{PREFIX}{rng.randrange(i)}@example.com" if i % 10 == 5 else ""
        lines.append(
            f"{PREFIX}{i}@example.com,{balance},{balance + rng.randint(0, 3000)},"
            f"{rng.choice(tier_names)},2023-0{rng.randint(1, 9)}-15,{birthday},"
            f"IB{i:08d},{referrer},{lots}")
    return ("\n".join(lines) + "\n").encode()


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    prepare_database()
    print(f"Machine: {machine()}")
    remove_previous()
    data = generate(rows)
    print(f"Importing {rows:,} rows ({len(data) / 1e6:.1f} MB) ...")
    start = time.perf_counter()
    result = imports.import_members(data, file_name="bench.csv")
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {PointsTransaction._meta.db_table} "
                       "WHERE key LIKE 'import:%%'")
        ledger_rows = cursor.fetchone()[0]
    differences = len(find_differences())
    met = "met" if seconds < GOAL_SECONDS and not differences else "NOT met"
    print(f"created {result.created:,}, updated {result.updated:,}, skipped {result.skipped:,}, "
          f"accounts created {result.customers_created:,}, problems {len(result.problems):,}, "
          f"ledger rows {ledger_rows:,}")
    print(f"| {rows:,} rows | {seconds:.1f} s | {rows / seconds:,.0f} rows/s | "
          f"loyalty_verify differences: {differences} | goal < {GOAL_SECONDS:.0f} s {met} |")


if __name__ == "__main__":
    main()
