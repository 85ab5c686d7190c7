"""The birthday and win-back coupon jobs over 1,000,000 members, set-based.

Run: make bench-coupons  (or: .venv/bin/python -m bench.coupon_jobs [members])
Members get random birthdays (set long ago) and random join dates over the last two
years, no orders: about 1 in 52 is in their birthday week, and those who joined more
than `winbackAfterDays` (90) ago are dormant. Each job runs twice; the second run
finds every occasion issued and must issue nothing.
"""
import sys

from django.utils import timezone

from bench.common import create_members, execute, machine, prepare_database, remove_members, timer
from saleor_loyalty.core.program import default_configuration, parse_configuration
from saleor_loyalty.coupons import occasions
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host.discounts import VOUCHER_TABLE
from saleor_loyalty.members.models import Member


def program():
    configuration = default_configuration()
    for item in configuration:
        if item["name"] == "winbackCoupon":
            item["value"] = "10%"
    return parse_configuration(configuration, active=True)


def remove_coupons():
    execute(f"""WITH gone AS (DELETE FROM {Coupon._meta.db_table} RETURNING voucher_id)
                DELETE FROM {VOUCHER_TABLE} WHERE id IN (SELECT voucher_id FROM gone)""")


def main(count: int = 1_000_000):
    prepare_database()
    remove_coupons()
    remove_members()
    results = {}
    with timer(results, "generate"):
        create_members(count)
        execute(f"""UPDATE {Member._meta.db_table} SET
                        birthday = date '1960-01-01' + (random() * 365 * 45)::int,
                        birthday_set_at = now() - interval '400 days',
                        joined_at = now() - random() * interval '730 days'""")
        execute(f"VACUUM ANALYZE {Member._meta.db_table}")
    now, settings = timezone.now(), program()
    rows = []
    for name, job in (("birthday", occasions.issue_birthday_coupons),
                      ("win-back", occasions.issue_winback_coupons)):
        with timer(results, name):
            issued = len(job(settings, now))
        with timer(results, name + " again"):
            again = len(job(settings, now))
        rows.append((name, issued, results[name], again, results[name + " again"]))
    print(f"Machine: {machine()}")
    print(f"{count:,} members (generated in {results['generate']:.1f} s), batches of "
          f"{occasions.BATCH:,} member ids")
    print("| job | coupons issued | seconds | second run: issued | seconds |")
    print("|---|---|---|---|---|")
    for name, issued, seconds, again, again_seconds in rows:
        print(f"| {name} | {issued:,} | {seconds:.1f} | {again:,} | {again_seconds:.1f} |")
    remove_coupons()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
