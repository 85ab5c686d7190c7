"""The daily tier review over 1,000,000 members, set-based.

Run: make bench-tiers  (or: .venv/bin/python -m bench.tier_review [members])
Members get random lifetime points (0..12,000) and all start in the entry tier; the
first review moves them up; a second review a year later, after their points were
(notionally) reset, starts the grace period; that is the realistic daily mix.
"""
import sys
from datetime import timedelta
from decimal import Decimal

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
from saleor_loyalty.tiers import qualification
from saleor_loyalty.tiers.models import Tier, TierChange

TIERS = [("Member", 0), ("Silver", 500), ("Gold", 2000), ("Black", 10000)]


def main(count: int = 1_000_000):
    prepare_database()
    remove_members()
    Tier.objects.all().delete()
    tiers = [
        Tier.objects.create(name=name, slug=name.lower(), rank=rank, threshold=Decimal(threshold))
        for rank, (name, threshold) in enumerate(TIERS)
    ]
    results = {}
    with timer(results, "generate"):
        create_members(count, lifetime=range(0, 12_000), tier_id=tiers[0].pk)
    program = load_program()
    now = timezone.now()
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
    print(f"Machine: {machine()}")
    print(f"{count:,} members (generated in {results['generate']:.1f} s), 4 tiers")
    print("| review | members changed | seconds |")
    print("|---|---|---|")
    print(f"| first review: upgrades | {upgraded:,} | {results['upgrades']:.1f} |")
    print(f"| grace periods start | {in_grace:,} | {results['grace']:.1f} |")
    print(f"| downgrades after the grace period | {downgraded:,} | {results['downgrades']:.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
