"""The daily tier review over 1,000,000 members, set-based.

Run: make bench-tiers  (or: .venv/bin/python -m bench.tier_review [members] [--reuse])
Members get random lifetime points (0..12,000) and all start in the entry tier; the
first review moves them up; a second review a year later, after their points were
(notionally) reset, starts the grace period; 40 days later the downgrades follow. Then
a day as a shop has them: 1 % of the members change tier (half of them drawn from the
middle tiers qualify for the top one, the other half's grace period has just ended).
`--reuse` keeps the members and orders of an earlier run of bench.segments_stats with
as many members (its tiers are these; the members' tier state and lifetime points are
drawn again), so every review also reads their orders of the last 12 months;
`--orders=N` generates N orders for generated members as bench.segments_stats does.

Then the same with percentile tiers (tiers/shares.py): Gold the top 4 % and Black the top
0.8 % of the members by lifetime points (their thresholds kept as floors), the members
back in the entry tier with new points: the cutoffs alone, the first review, and a daily
review with 1 % changing; with orders, again with Gold and Black ranked by spend in the
last 12 months (no floor). `--percentile-only` skips the threshold reviews. The
EXPLAIN (ANALYZE, BUFFERS) of a review's measures and of its cutoff statement is printed
after the tables.
"""
import sys
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from bench.common import (
    create_members,
    execute,
    machine,
    prepare_database,
    remove_members,
    timer,
)
from saleor_loyalty.core.program import load_program
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers import measures, qualification, shares
from saleor_loyalty.tiers.models import Tier, TierChange

TIERS = [("Member", 0), ("Silver", 500), ("Gold", 2000), ("Black", 10000)]
DAILY_SHARE = 0.01

# Half of `count` members of the middle tiers, drawn at random, now qualify for the top
# tier; the other half stopped qualifying when their grace period started.
_DAILY_SQL = """
WITH picked AS (
    SELECT id, row_number() OVER () AS n FROM (
        SELECT id FROM {member} WHERE tier_id = ANY(%(middle)s) ORDER BY random() LIMIT %(count)s
    ) drawn
)
UPDATE {member} m SET
    lifetime_points = CASE WHEN p.n %% 2 = 0 THEN %(top)s ELSE 0 END,
    below_tier_since = CASE WHEN p.n %% 2 = 0 THEN NULL ELSE %(grace_started)s END
FROM picked p WHERE m.id = p.id
"""


def members_and_tiers(count: int, reuse: bool, orders: int = 0):
    """(the tiers, whether the members were reused), with `count` members in the entry
    tier (random lifetime points)."""
    if reuse and Member.objects.count() == count:
        tiers = list(Tier.objects.order_by("rank"))
        assert [(t.name, t.threshold) for t in tiers] == TIERS, "not a segments_stats run"
        Tier.objects.update(top_percent=None, qualification="lifetime_points", share_cutoff=None,
                            share_cutoff_member=None, share_reviewed_at=None)
        execute(f"TRUNCATE {TierChange._meta.db_table}")
        execute(f"""UPDATE {Member._meta.db_table} SET tier_id = %s, tier_since = NULL,
                        below_tier_since = NULL, lifetime_points = (random() * 12000)::int""",
                [tiers[0].pk])
        execute(f"VACUUM ANALYZE {Member._meta.db_table}")
        return tiers, True
    if orders:
        from saleor.order.models import Order

        execute(f"TRUNCATE {Order._meta.db_table} CASCADE")  # orders reference the customers
    remove_members()
    Tier.objects.all().delete()
    tiers = [
        Tier.objects.create(name=name, slug=name.lower(), rank=rank, threshold=Decimal(threshold))
        for rank, (name, threshold) in enumerate(TIERS)
    ]
    create_members(count, lifetime=range(0, 12_000), tier_id=tiers[0].pk)
    if orders:
        from bench.segments_stats import generate_orders

        generate_orders(orders, count)
    return tiers, False


def main(count: int = 1_000_000, reuse: bool = False, orders: int = 0,
         percentile_only: bool = False):
    prepare_database()
    results = {}
    with timer(results, "generate"):
        tiers, reused = members_and_tiers(count, reuse, orders)
    program = load_program()
    now = timezone.now()
    print(f"Machine: {machine()}")
    source = "members and orders of an earlier run" if reused else "generated"
    if orders:
        source += f", with {orders:,} orders"
    print(f"{count:,} members, 4 tiers ({source}, prepared in {results['generate']:.1f} s)")
    if not percentile_only:
        threshold_reviews(count, tiers, program, now, results)
    percentile_reviews(count, tiers, program, now, "lifetime_points")
    if reused or orders:
        percentile_reviews(count, tiers, program, now, "rolling_spend")


def threshold_reviews(count, tiers, program, now, results):
    with timer(results, "upgrades"):
        qualification.review_tiers(program, now)
    upgraded = TierChange.objects.filter(reason="upgrade").count()
    execute(f"UPDATE {Member._meta.db_table} SET lifetime_points = 0 WHERE id % 2 = 0")
    with timer(results, "grace"):
        qualification.review_tiers(program, now + timedelta(days=1))
    in_grace = Member.objects.exclude(below_tier_since=None).count()
    with timer(results, "downgrades"):
        qualification.review_tiers(program, now + timedelta(days=40))
    downgraded = TierChange.objects.filter(reason="downgrade").count()
    day = now + timedelta(days=41)
    execute(
        _DAILY_SQL.format(member=Member._meta.db_table),
        {"middle": [tier.pk for tier in tiers[1:-1]], "count": round(count * DAILY_SHARE),
         "top": TIERS[-1][1], "grace_started": day - timedelta(
             days=program.tier_downgrade_grace_days + 1)},
    )
    execute(f"ANALYZE {Member._meta.db_table}")
    with timer(results, "daily"):
        qualification.review_tiers(program, day)
    daily = TierChange.objects.filter(created_at=day).count()
    print("| review | members changed | seconds |")
    print("|---|---|---|")
    print(f"| first review: upgrades | {upgraded:,} | {results['upgrades']:.1f} |")
    print(f"| grace periods start | {in_grace:,} | {results['grace']:.1f} |")
    print(f"| downgrades after the grace period | {downgraded:,} | {results['downgrades']:.1f} |")
    print(f"| a daily review: {DAILY_SHARE:.0%} of the members change tier | {daily:,} | "
          f"{results['daily']:.1f} |")


def percentile_reviews(count, tiers, program, now, measure: str):
    """Gold the top 4 % and Black the top 0.8 % by `measure`; the members back in the
    entry tier with new lifetime points: cutoffs, first review, a daily review."""
    results = {}
    execute(f"TRUNCATE {TierChange._meta.db_table}")
    execute(f"""UPDATE {Member._meta.db_table} SET tier_id = %s, tier_since = NULL,
                    below_tier_since = NULL, lifetime_points = (random() * 12000)::int""",
            [tiers[0].pk])
    execute(f"VACUUM ANALYZE {Member._meta.db_table}")
    by_spend = measure == "rolling_spend"
    for tier, share in zip(tiers[2:], (Decimal(4), Decimal("0.8"))):
        Tier.objects.filter(pk=tier.pk).update(
            top_percent=share, qualification=measure, share_cutoff=None,
            threshold=Decimal(0) if by_spend else tier.threshold)
    start = now + timedelta(days=100)
    with timer(results, "cutoffs"):
        with transaction.atomic():
            shares.review_shares(program, start)
    with timer(results, "first"):
        qualification.review_tiers(program, start)
    upgraded = TierChange.objects.filter(reason="upgrade").count()
    day = start + timedelta(days=1)
    execute(
        _DAILY_SQL.format(member=Member._meta.db_table),
        {"middle": [tier.pk for tier in tiers[1:-1]], "count": round(count * DAILY_SHARE),
         "top": 12_000, "grace_started": day - timedelta(
             days=program.tier_downgrade_grace_days + 1)},
    )
    execute(f"ANALYZE {Member._meta.db_table}")
    with timer(results, "daily"):
        qualification.review_tiers(program, day)
    daily = TierChange.objects.filter(created_at=day).count()
    held = dict(Member.objects.values_list("tier__name").annotate(n=Count("pk")))
    label = "spend in the last 12 months" if by_spend else "lifetime points"
    print(f"Percentile tiers by {label}: Gold top 4 %, Black top 0.8 % "
          f"(after the daily review: Gold {held.get('Gold', 0):,}, Black {held.get('Black', 0):,})")
    print("| percentile review | members changed | seconds |")
    print("|---|---|---|")
    print(f"| cutoffs alone (the ranking statement) | - | {results['cutoffs']:.1f} |")
    print(f"| first review: cutoffs, then upgrades | {upgraded:,} | {results['first']:.1f} |")
    print(f"| a daily review: {DAILY_SHARE:.0%} of the members change | {daily:,} | "
          f"{results['daily']:.1f} |")
    explain_cutoffs(program, day, measure)
    Tier.objects.update(top_percent=None, qualification="lifetime_points", share_cutoff=None,
                        share_cutoff_member=None, share_reviewed_at=None)
    for tier, (_, threshold) in zip(tiers, TIERS):
        Tier.objects.filter(pk=tier.pk).update(threshold=Decimal(threshold))


def explain_cutoffs(program, now, measure: str):
    """EXPLAIN (ANALYZE, BUFFERS) of a review's measures (computed once) and of its cutoff
    statement on them, as review_tiers runs them; rolled back."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true), "
                           "set_config('jit', 'off', true)",
                           [qualification.REVIEW_WORK_MEM])
            tiers = shares.lock_percentile_tiers(cursor, now)
            sql = measures.statement(
                f"CREATE TEMPORARY TABLE {measures.MEASURED} AS WITH {{measures}} "
                "SELECT * FROM measures", None, orders=measures.needs_orders())
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, measures.params(program, now, None))
            plans = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"ANALYZE {measures.MEASURED}")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + measures.statement(
                shares._CUTOFFS_SQL, None, measured=True),
                {**measures.params(program, now, None), "tiers": [pk for pk, _ in tiers]})
            plans += [""] + [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    print("```")
    print("\n".join(plans))
    print("```")


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:] if arg[:1].isdigit()]
    options = dict(arg[2:].split("=") for arg in sys.argv[1:] if arg.startswith("--orders="))
    main(*numbers, reuse="--reuse" in sys.argv, orders=int(options.get("orders", 0)),
         percentile_only="--percentile-only" in sys.argv)
