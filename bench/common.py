"""What the benchmarks share: database helpers, timers, a staff client."""
import os
import platform
import statistics
import time
from contextlib import contextmanager

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

    from saleor_loyalty.members.models import Member

    execute(f"TRUNCATE {Member._meta.db_table} CASCADE")
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
                pending_points, lifetime_points, points_debt, tier_id, email_notifications)
            SELECT id, 'B' || id, now(), %(balance)s, %(pending)s, {lifetime_sql}, 0, %(tier)s,
                   true
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
