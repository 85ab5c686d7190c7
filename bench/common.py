"""What the benchmarks share: database helpers, timers, paired rounds, a staff client."""
import os
import platform
import random
import statistics
import time
from contextlib import contextmanager
from typing import Callable, NamedTuple

from django.core.management import call_command
from django.db import connection


def prepare_database():
    call_command("migrate", verbosity=0)


def machine() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {pg}, "
        f"{platform.machine()}"
    )


@contextmanager
def timer(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = time.perf_counter() - start


def median_seconds(call, rounds=5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Issue 15's goal for what the plugin adds: a median ratio (on / off) of at most 1.03 whose
# 95 % interval reaches no higher than 1.05.
GOAL_RATIO, GOAL_HIGH = 1.03, 1.05


class Paired(NamedTuple):
    rounds: int
    off_ms: float  # median time of each side
    on_ms: float
    ratio: float  # median of the per-round ratios on / off
    low: float  # its 95 % percentile-bootstrap interval
    high: float

    def report(self, title: str, off: str, on: str):
        """Print the figures as the BENCHMARKS.md tables show them (`title`: what was timed;
        `off` and `on`: what each side is)."""
        met = self.ratio <= GOAL_RATIO and self.high <= GOAL_HIGH
        print(f"{title}, {self.rounds} paired rounds (the order within a round alternates):")
        print("| | median ms |")
        print("|---|---|")
        print(f"| {off} | {self.off_ms:.1f} |")
        print(f"| {on} | {self.on_ms:.1f} |")
        print(f"| median of the per-round ratios | {self.ratio:.3f} |")
        print(f"| its 95 % bootstrap interval | {self.low:.3f} to {self.high:.3f} |")
        print(f"Goal (ratio <= {GOAL_RATIO}, interval's upper end <= {GOAL_HIGH}): "
              f"{'met' if met else 'not met'}")


def paired(measure: Callable[[bool], float], rounds: int, resamples=10_000, seed=15) -> Paired:
    """Run `measure(on)` (seconds of one timed call) with on = False and True once each as a
    warm-up, then in `rounds` rounds of both, the order alternating (round 1 off then on,
    round 2 on then off, ...) so that a machine getting slower or faster, or a first call
    warming what the second reuses, weighs on both sides alike. The figure is the median
    of the rounds' ratios on / off, with a percentile bootstrap interval (`resamples`
    resamples of the rounds, seeded: the same timings give the same interval)."""
    measure(False)
    measure(True)
    times = {False: [], True: []}
    for number in range(rounds):
        for on in (False, True) if number % 2 == 0 else (True, False):
            times[on].append(measure(on))
    ratios = [on / off for on, off in zip(times[True], times[False])]
    draw = random.Random(seed).choices
    medians = [statistics.median(draw(ratios, k=rounds)) for _ in range(resamples)]
    cuts = statistics.quantiles(medians, n=40)  # 2.5 % steps: the first and last bound 95 %
    off_ms, on_ms = (statistics.median(times[on]) * 1000 for on in (False, True))
    return Paired(rounds, off_ms, on_ms, statistics.median(ratios), cuts[0], cuts[-1])


def staff_api(email: str, *permissions: str):
    """A signed-in staff client with `permissions` (the account is kept between runs;
    it is not a `bench-` customer)."""
    from saleor.account.models import User

    from tests.fixtures.api import ApiClient
    from tests.fixtures.users import PASSWORD, create_customer, grant

    staff = User.objects.filter(email=email).first() or create_customer(email, is_staff=True)
    grant(staff, *permissions)
    return ApiClient().login(staff.email, PASSWORD)


def execute(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def remove_members():
    """Remove every member (with their ledger) and the synthetic customers."""
    from saleor.account.models import User

    from saleor_loyalty.insight.models import CustomerFirstOrder, CustomerSpend
    from saleor_loyalty.members.models import Member

    execute(f"TRUNCATE {Member._meta.db_table} CASCADE")
    bench_users = f"SELECT id FROM {User._meta.db_table} WHERE email LIKE 'bench-%%'"
    for per_customer in (CustomerFirstOrder, CustomerSpend):
        execute(f"DELETE FROM {per_customer._meta.db_table} WHERE user_id IN ({bench_users})")
    execute(f"DELETE FROM {User._meta.db_table} WHERE email LIKE 'bench-%%'")


def create_members(count: int, balance=0, pending=0, lifetime=0, tier_id=None):
    """`count` synthetic customers who are members, with set-based SQL (replaces the
    previous ones). Lifetime points spread from 0 to `lifetime` when it is a range."""
    from saleor.account.models import User

    from saleor_loyalty.members.models import Member

    user, member = User._meta.db_table, Member._meta.db_table
    remove_members()
    execute(
        f"""INSERT INTO {user} (is_superuser, email, is_staff, is_active, password,
                date_joined, first_name, last_name, private_metadata, metadata)
            SELECT false, 'bench-' || g || '@example.com', false, true, '', now(), '', '',
                   '{{}}', '{{}}'
            FROM generate_series(1, %s) g""",
        [count],
    )
    lifetime_sql = "%(lifetime)s" if isinstance(lifetime, int) else "(random() * %(top)s)::int"
    execute(
        f"""INSERT INTO {member} (user_id, referral_code, joined_at, points_balance,
                pending_points, lifetime_points, points_debt, tier_id, email_notifications,
                sms_notifications, push_notifications)
            SELECT id, 'B' || id, now(), %(balance)s, %(pending)s, {lifetime_sql}, 0, %(tier)s,
                   true, false, false
            FROM {user} WHERE email LIKE 'bench-%%'""",
        {"balance": balance, "pending": pending, "lifetime": lifetime,
         "top": lifetime.stop if isinstance(lifetime, range) else 0, "tier": tier_id},
    )
    execute(f"ANALYZE {member}")


def run_rolled_back(main, default_rounds: int):
    """Migrate, then run `main(rounds)` (rounds from the command line) in one
    transaction that is rolled back: the database stays as it was."""
    import sys

    from django.db import transaction

    from tests.fixtures.host_database import share_test_transactions_with_the_replica

    prepare_database()
    # Saleor 3 reads some rows through its `replica` alias: it must see this transaction.
    share_test_transactions_with_the_replica()
    with transaction.atomic():
        main(int(sys.argv[1]) if len(sys.argv) > 1 else default_rounds)
        transaction.set_rollback(True)
