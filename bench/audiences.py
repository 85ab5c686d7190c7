"""Audience previews over 1,000,000 members and 5,000,000 paid orders.

Run: make bench-audiences  (or: .venv/bin/python -m bench.audiences [members] [orders]
[--reuse])
Members and the plugin's paid-order record (what audiences read) are generated with
set-based SQL, orders spread over two years in time order, with the per-customer rows
the audiences read beside them (first and last paid order, spend), 10 % of members
tagged; then each filter's `loyaltyAudiencePreview` statement (count and sample) is
timed (median of three runs) and the slowest is explained. The goal (issue 17): under
2 s for any filter.
"""
import sys
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from bench.common import (
    create_members,
    execute,
    machine,
    median_seconds,
    prepare_database,
    timer,
)
from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import audiences, paid_orders
from saleor_loyalty.insight.audience_filter import AudienceFilter
from saleor_loyalty.insight.models import (
    CustomerFirstOrder,
    CustomerSpend,
    MemberTag,
    PaidOrder,
    Tag,
)
from saleor_loyalty.members.models import Member

HISTORY_DAYS = 730
GOAL_SECONDS = 2.0
FILTERS = {
    "AOV 70-90 in 365 days": AudienceFilter(aov_min=Decimal(70), aov_max=Decimal(90)),
    "3+ orders in 90 days": AudienceFilter(window_days=90, orders_min=3),
    "lifetime spend >= 1000": AudienceFilter(lifetime_spend_min=Decimal(1000)),
    "no order for 180+ days": AudienceFilter(days_since_order_min=180),
    "tag + points": AudienceFilter(tags=("Bench VIP",), points_min=0),
    "everything at once": AudienceFilter(
        window_days=180, orders_min=1, aov_min=Decimal(20), window_spend_max=Decimal(900),
        lifetime_spend_min=Decimal(50), days_since_order_max=120, points_min=0,
        channels=("email",)),
}


def generate(members: int, orders: int):
    create_members(members)
    member, paid_order = Member._meta.db_table, PaidOrder._meta.db_table
    execute(f"DELETE FROM {paid_order} WHERE order_key LIKE 'bench-%%'")
    execute(
        f"""INSERT INTO {paid_order} (order_key, user_id, member_id, created, currency, paid,
                written_by)
            SELECT 'bench-' || g, m.user_id, m.id, o.created, 'USD', o.paid, 0
            FROM (
                SELECT g, now() - (1 - g::float / %(orders)s) * interval '{HISTORY_DAYS} days'
                           AS created,
                       (SELECT min(id) FROM {member}) + (random() * (%(members)s - 1))::int AS pick,
                       round((5 + random() * 300)::numeric, 2) AS paid
                FROM generate_series(1, %(orders)s) g
            ) o JOIN {member} m ON m.id = o.pick""",
        {"orders": orders, "members": members},
    )
    # Written straight into the record, as an import would: the per-customer rows are
    # made as the nightly reconciliation makes them (first and last paid order from the
    # orders' rows here, there being no Saleor order behind them).
    first_order = CustomerFirstOrder._meta.db_table
    execute(f"DELETE FROM {first_order}")
    execute(
        f"""INSERT INTO {first_order} (user_id, first_paid_at, last_paid_at, written_by)
            SELECT user_id, MIN(created), MAX(created), 0 FROM {paid_order}
            WHERE paid > 0 AND user_id IS NOT NULL GROUP BY user_id""")
    timing = {}
    with timer(timing, "spend"):
        paid_orders.reconcile_spend()
    print(f"Customers' spend from the paid-order record (reconcile_spend): {timing['spend']:.1f} s")
    tag, _ = Tag.objects.get_or_create(name="Bench VIP")
    execute(
        f"""INSERT INTO {MemberTag._meta.db_table} (tag_id, member_id, source, tagged_at)
            SELECT %s, id, 'manual', now() FROM {member} WHERE id %% 10 = 0""", [tag.pk])
    for table in (paid_order, first_order, CustomerSpend._meta.db_table):
        execute(f"ANALYZE {table}")
    execute(f"ANALYZE {MemberTag._meta.db_table}")


def main():
    numbers = [int(a) for a in sys.argv[1:] if a != "--reuse"]
    members, orders = (numbers + [1_000_000, 5_000_000][len(numbers):])[:2]
    prepare_database()
    print(f"Machine: {machine()}")
    if "--reuse" not in sys.argv:  # --reuse: the data of the last run, as it is
        print(f"Generating {members:,} members and {orders:,} paid orders ...")
        generate(members, orders)
    program, now = load_program(), timezone.now()
    times = {}
    for name, f in FILTERS.items():
        count = audiences.preview(f, program, now)[0]
        times[name] = median_seconds(lambda: audiences.preview(f, program, now), rounds=3)
        met = "met" if times[name] < GOAL_SECONDS else "NOT met"
        print(f"| {name} | {count:,} | {times[name]:.2f} s | {met} |")
    slowest = max(times, key=times.get)
    sql, params = audiences.audience_sql(FILTERS[slowest], program, now)
    with transaction.atomic(), connection.cursor() as cursor:
        audiences.tune(cursor, FILTERS[slowest])  # as the preview runs it
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM ({sql}) a", params)
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) of '{slowest}':")
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
