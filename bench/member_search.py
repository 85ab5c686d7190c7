"""Staff member search over 1,000,000 members, with and without the trigram indexes.

Run: make bench-search  (or: .venv/bin/python -m bench.member_search [members])
Members are generated with set-based SQL (customers `bench-<n>@example.com`); the search
is `loyaltyMembers(first: 20, filter: {search})` through GraphQL as staff, for a word that
a few hundred customers have ("4242": bench-4242, bench-14242, bench-42420, ...) and for
a name nobody has. Each figure is the median of 7 rounds, measured once with the
indexes dropped and once with them built again.
"""
import sys

from django.db import connection

from bench.common import (
    create_members,
    execute,
    machine,
    median_seconds,
    prepare_database,
    staff_api,
    timer,
)
from saleor_loyalty.host import migrations as host_sql
from saleor_loyalty.members.models import Member

STAFF_EMAIL = "search-bench-staff@example.com"  # kept between runs (not a bench- customer)
QUERY = """
query($search: String) { loyaltyMembers(first: 20, filter: {search: $search}) {
  totalCount edges { node { user { email } pointsBalance } }
} }
"""
WORDS = ("4242", "lovelace")


def measure(api) -> dict:
    found = {word: api.query(QUERY, {"search": word})["loyaltyMembers"]["totalCount"] for word in WORDS}
    return {word: (found[word], 1000 * median_seconds(lambda: api.query(QUERY, {"search": word}), rounds=7)) for word in WORDS}


def analyze_customers():
    from saleor.account.models import User

    execute(f"ANALYZE {User._meta.db_table}")


def drop_indexes():
    with connection.cursor() as cursor:
        host_sql.drop_customer_search_indexes(cursor)


def build_indexes(results: dict):
    with timer(results, "index build"), connection.cursor() as cursor:
        assert host_sql.create_customer_search_indexes(cursor) is None
    analyze_customers()


def main(members: int = 1_000_000):
    prepare_database()
    results = {}
    if Member.objects.filter(user__email__startswith="bench-").count() != members:
        with timer(results, "members"):
            create_members(members)
    api = staff_api(STAFF_EMAIL, "manage_users")
    drop_indexes()
    analyze_customers()
    without = measure(api)
    build_indexes(results)
    with_indexes = measure(api)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(SUM(pg_relation_size(indexrelid))) FROM pg_index "
                       "JOIN pg_class ON pg_class.oid = indexrelid WHERE relname LIKE 'loyalty_user_%%_trgm'")
        size = cursor.fetchone()[0]
    print(f"Machine: {machine()}")
    if "members" in results:
        print(f"{members:,} members generated in {results['members']:.1f} s")
    print(f"Indexes built in {results['index build']:.1f} s ({size})")
    print("| search | members found | without indexes (ms) | with indexes (ms) |")
    print("|---|---|---|---|")
    for word in WORDS:
        print(f"| {word!r} | {with_indexes[word][0]:,} | {without[word][1]:.0f} | {with_indexes[word][1]:.0f} |")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
