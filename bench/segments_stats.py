"""The nightly segment job and loyaltyStats over 1,000,000 members and 5,000,000 orders.

Run: make bench-segments  (or: .venv/bin/python -m bench.segments_stats [members] [orders])
Everything is generated with set-based SQL straight into Saleor's order and payment
tables and the loyalty tables: orders spread over two years (kept in time order, as a
shop appends them), 10 % guest checkouts, 3 % cancelled, 2 % drafts, 3 % unpaid;
three ledger rows per member (an earning, a redemption, an expiry), also in time
order. The bench database's orders are truncated first.
"""
import sys
from datetime import timedelta

import graphene
from django.db.models import Count
from django.utils import timezone
from saleor.order.models import Order
from saleor.payment.models import Payment

from bench.common import (
    create_members,
    execute,
    machine,
    median_seconds,
    prepare_database,
    remove_members,
    staff_api,
    timer,
)
from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import paid_orders, segments, stats
from saleor_loyalty.insight.models import CustomerFirstOrder, MemberSegment, PaidOrder
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.tiers.models import Tier

HISTORY_DAYS = 730
STAFF_EMAIL = "segments-bench-staff@example.com"  # kept between runs (not a bench- customer)
TIERS = [("Member", 0), ("Silver", 500), ("Gold", 2000), ("Black", 10000)]
STATS_QUERY = """
query($gte: DateTime) { loyaltyStats(period: {gte: $gte}) {
  members activeMembers userRepurchaseRate orderRepurchaseRate
  tierDistribution { tier { name } members share }
  pointsIssued pointsRedeemed pointsExpired outstandingPoints
  outstandingLiability { amount } memberAverageOrderValue { amount }
  guestAverageOrderValue { amount }
} }
"""
MEMBERS_QUERY = """
query($tier: ID) { loyaltyMembers(first: 50, filter: {tier: $tier, segment: CHAMPIONS, search: "bench"}) {
  totalCount edges { node { user { email } pointsBalance tier { name } rfm { rfmScore } } }
} }
"""


def generate_orders(orders: int, members: int):
    order, payment = Order._meta.db_table, Payment._meta.db_table
    member = Member._meta.db_table
    # Members' user ids are consecutive: pick one at random per order (10 % guests).
    execute(
        f"""INSERT INTO {order} (created, tracking_client_id, user_email, user_id, token,
                total_net_amount, discount_amount, language_code, shipping_price_gross_amount,
                total_gross_amount, shipping_price_net_amount, status, display_gross_prices,
                customer_note, weight, checkout_token, currency)
            SELECT created, '', '', user_id, 'bench-' || g, total, 0, 'en', 0, total, 0,
                   CASE WHEN r < 0.03 THEN 'canceled' WHEN r < 0.05 THEN 'draft'
                        WHEN r < 0.5 THEN 'unfulfilled' ELSE 'fulfilled' END,
                   true, '', 0, '', 'USD'
            FROM (
                SELECT g, random() AS r,
                       now() - random() * interval '{HISTORY_DAYS} days' AS created,
                       CASE WHEN random() < 0.1 THEN NULL
                            ELSE (SELECT min(user_id) FROM {member})
                                 + (random() * (%(members)s - 1))::int END AS user_id,
                       round((5 + random() * 300)::numeric, 2) AS total
                FROM generate_series(1, %(orders)s) g
            ) o
            ORDER BY created""",
        {"orders": orders, "members": members},
    )
    execute(
        f"""INSERT INTO {payment} (gateway, is_active, created, modified, charge_status,
                billing_first_name, billing_last_name, billing_company_name, billing_address_1,
                billing_address_2, billing_city, billing_city_area, billing_postal_code,
                billing_country_code, billing_country_area, billing_email, cc_brand,
                cc_first_digits, cc_last_digits, extra_data, token, currency, total,
                captured_amount, to_confirm, order_id)
            SELECT 'mirumee.payments.dummy', true, o.created, o.created,
                   CASE WHEN unpaid THEN 'not-charged' ELSE 'fully-charged' END,
                   '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 'USD',
                   o.total_gross_amount,
                   CASE WHEN unpaid THEN 0 ELSE o.total_gross_amount END, false, o.id
            FROM (SELECT *, random() < 0.03 AS unpaid FROM {order} WHERE status <> 'draft') o"""
    )
    execute(f"ANALYZE {order}")
    execute(f"ANALYZE {payment}")


def generate_ledger():
    txn, member = PointsTransaction._meta.db_table, Member._meta.db_table
    execute(
        f"""INSERT INTO {txn} (member_id, key, kind, status, points, remaining, debt,
                order_key, reason, created_at, available_at, expires_at)
            SELECT * FROM (
                SELECT id, 'earn:b' || id, 'earn', 'available', 300, 100, 0, 'b' || id, '',
                       at, at, at + interval '365 days'
                FROM (SELECT id, now() - random() * interval '{HISTORY_DAYS} days' AS at
                      FROM {member}) m
                UNION ALL
                SELECT id, 'redeem:b' || id, 'redeem', 'available', -150, NULL, 0, '', '',
                       now() - random() * interval '{HISTORY_DAYS} days', now(), NULL
                FROM {member}
                UNION ALL
                SELECT id, 'expire:b' || id, 'expiry', 'available', -50, NULL, 0, '', '',
                       now() - random() * interval '{HISTORY_DAYS} days', now(), NULL
                FROM {member}
            ) rows ORDER BY 10"""
    )
    execute(f"ANALYZE {txn}")


def generate(members: int, orders: int, results: dict):
    execute(f"TRUNCATE {Order._meta.db_table} CASCADE")  # orders reference the customers
    remove_members()
    Tier.objects.all().delete()
    with timer(results, "members"):
        tiers = [
            Tier.objects.create(name=name, slug=name.lower(), rank=rank, threshold=threshold)
            for rank, (name, threshold) in enumerate(TIERS)
        ]
        create_members(members, balance=100, lifetime=300, tier_id=tiers[0].pk)
        execute(f"UPDATE {Member._meta.db_table} SET tier_id = %s WHERE id %% 4 = 1", [tiers[1].pk])
        execute(f"UPDATE {Member._meta.db_table} SET tier_id = %s WHERE id %% 10 = 2", [tiers[2].pk])
        execute(f"ANALYZE {Member._meta.db_table}")
    with timer(results, "orders"):
        generate_orders(orders, members)
    with timer(results, "ledger"):
        generate_ledger()


def main(members: int = 1_000_000, orders: int = 5_000_000, reuse: bool = False):
    """`reuse`: measure again on the data a previous run generated."""
    prepare_database()
    results = {}
    if not (reuse and Member.objects.count() == members):
        generate(members, orders, results)
    generated = ("data of an earlier run" if not results else
                 f"generated in {results['members']:.1f} + {results['orders']:.1f} + "
                 f"{results['ledger']:.1f} s")
    tiers = list(Tier.objects.order_by("rank"))
    program = load_program()
    # The orders were written straight into the tables, as an import would: no hook
    # ran, so the first run of the nightly reconciliation records every order and
    # customer (from empty tables, also when reusing data the migration recorded).
    execute(f"TRUNCATE {PaidOrder._meta.db_table}, {CustomerFirstOrder._meta.db_table}")
    with timer(results, "paid_orders"):
        recorded = paid_orders.reconcile()
    execute(f"VACUUM ANALYZE {PaidOrder._meta.db_table}")
    execute(f"VACUUM ANALYZE {CustomerFirstOrder._meta.db_table}")
    with timer(results, "paid_orders_again"):
        paid_orders.reconcile()
    with timer(results, "first_run"):
        first = segments.compute_segments(program, timezone.now())
    with timer(results, "second_run"):
        second = segments.compute_segments(program, timezone.now())
    per_segment = dict(
        MemberSegment.objects.values("segment").annotate(n=Count("pk")).values_list("segment", "n")
    )

    period = stats.make_period(timezone.now() - timedelta(days=30), None, timezone.now())
    direct = median_seconds(lambda: stats.compute_stats(program, period))
    api = staff_api(STAFF_EMAIL, "manage_users")
    gte = period.start.isoformat()
    api.query(STATS_QUERY, {"gte": gte})
    over_api = median_seconds(lambda: api.query(STATS_QUERY, {"gte": gte}))
    tier_gid = graphene.Node.to_global_id("LoyaltyTier", tiers[1].pk)
    member_page = median_seconds(lambda: api.query(MEMBERS_QUERY, {"tier": tier_gid}))
    paid = Order.objects.exclude(status__in=("draft", "canceled")).count()

    print(f"Machine: {machine()}")
    print(f"{members:,} members, {orders:,} orders ({paid:,} not draft/cancelled), "
          f"{3 * members:,} ledger rows ({generated})")
    print("| measure | seconds |")
    print("|---|---|")
    print(f"| paid orders reconciled into empty tables ({recorded:,} rows written) | {results['paid_orders']:.1f} |")
    print(f"| paid orders reconciled again, next night (nothing changed) | {results['paid_orders_again']:.1f} |")
    print(f"| segment job, first run ({first.changed:,} snapshot rows written) | {results['first_run']:.1f} |")
    print(f"| segment job, next run ({second.changed:,} rows changed) | {results['second_run']:.1f} |")
    print(f"| loyaltyStats, last 30 days, through GraphQL (median of 5) | {over_api:.2f} |")
    print(f"| stats.compute_stats, last 30 days (median of 5) | {direct:.2f} |")
    print(f"| loyaltyMembers(first: 50, tier + segment + search) (median of 5) | {member_page:.2f} |")
    print("Segments: " + ", ".join(f"{k} {v:,}" for k, v in sorted(per_segment.items())))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:] if a != "--reuse"]
    main(*args, reuse="--reuse" in sys.argv)
