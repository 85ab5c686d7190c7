"""Importing 100,000 members from another loyalty program's file (issue 18).

Run: make bench-import  (or: .venv/bin/python -m bench.member_import [rows [batch size]])
A generic-preset CSV is generated: a third of the e-mails belong to customers who exist
already, every row has a tier, a joined date and lifetime points above the balance, half
have two lots with expiry, a third a birthday, every tenth a referrer in the file. The
previous run's data are removed first; then `import_members` runs once, timed (members,
accounts, ledger rows, referral links; the time spent in SQL statements beside it), the
same file is run again (it must change nothing), and `loyalty_verify` must find no
difference.
Goal: under 60 s.
"""
import os
import random
import sys
import time
from datetime import date, timedelta
from typing import Optional

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


class StatementTimer:
    """Seconds spent in SQL statements (sent, run by PostgreSQL, answered), summed."""

    def __init__(self):
        self.seconds = 0.0
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.statements += 1


def backend_cpu_seconds() -> Optional[float]:
    """CPU seconds of this connection's PostgreSQL backend so far (None when the server is
    not on this machine): with the client's own CPU time, what the import costs whatever
    else the machine runs."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def import_ledger_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {PointsTransaction._meta.db_table} "
                       "WHERE key LIKE 'import:%%'")
        return cursor.fetchone()[0]


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    batch_size = int(sys.argv[2]) if len(sys.argv) > 2 else imports.BATCH_SIZE
    prepare_database()
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.2f} before the run")
    remove_previous()
    data = generate(rows)
    print(f"Importing {rows:,} rows ({len(data) / 1e6:.1f} MB) in batches of {batch_size:,} ...")
    sql = StatementTimer()
    backend_before, client_before = backend_cpu_seconds(), time.process_time()
    start = time.perf_counter()
    with connection.execute_wrapper(sql):
        result = imports.import_members(data, file_name="bench.csv", batch_size=batch_size)
    seconds = time.perf_counter() - start
    client_cpu = time.process_time() - client_before
    backend_after = backend_cpu_seconds()
    load = os.getloadavg()[0]
    ledger_rows = import_ledger_rows()
    start = time.perf_counter()
    again = imports.import_members(data, file_name="bench.csv", batch_size=batch_size)
    second = time.perf_counter() - start
    unchanged = again.already_done and import_ledger_rows() == ledger_rows
    differences = len(find_differences())
    met = "met" if seconds < GOAL_SECONDS and not differences else "NOT met"
    print(f"created {result.created:,}, updated {result.updated:,}, skipped {result.skipped:,}, "
          f"accounts created {result.customers_created:,}, problems {len(result.problems):,}, "
          f"ledger rows {ledger_rows:,}")
    print(f"SQL statements: {sql.statements:,} taking {sql.seconds:.1f} s (the rest is Python: "
          f"reading and checking the file, building the batches, commits); load average "
          f"{load:.2f} after the run")
    if backend_after is not None:
        backend_cpu = backend_after - backend_before
        print(f"CPU: Python {client_cpu:.1f} s + PostgreSQL backend {backend_cpu:.1f} s = "
              f"{client_cpu + backend_cpu:.1f} s (wall time on an idle machine is about this "
              "plus the disk waits)")
    print(f"second run of the same file: {second:.1f} s, "
          f"{'nothing changed' if unchanged else 'SOMETHING CHANGED'}")
    print(f"| {rows:,} rows | {seconds:.1f} s | {rows / seconds:,.0f} rows/s | "
          f"loyalty_verify differences: {differences} | goal < {GOAL_SECONDS:.0f} s {met} |")


if __name__ == "__main__":
    main()
