from django.core.management.base import BaseCommand

from saleor_loyalty.core.upgrade import needed, upgrade_from_saleor2


class Command(BaseCommand):
    help = (
        "After Saleor's own migrations took a Saleor 2.10 shop to Saleor 3: rewrite the "
        "order keys the plugin wrote on 2.10 (the orders' ids) to the orders' UUIDs, in the "
        "ledger, the paid-order record, member coupons and paid memberships. Run it before "
        "the shop takes orders again. Idempotent: run it again to resume."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if not needed():
            self.stdout.write(
                "Saleor 2.10: order keys are the orders' ids already; nothing to rewrite."
            )
            return
        verb = "to rewrite" if dry_run else "rewritten"
        report = upgrade_from_saleor2(dry_run=dry_run)
        for outcome in report.targets:
            line = (
                f"{outcome.name}: {outcome.rewritten} rows {verb}, {outcome.unmatched} "
                f"naming no order carried over from Saleor 2 (left as they are)"
            )
            if outcome.conflicts:
                line += (f", {outcome.conflicts} left as they are: their order is already "
                         "recorded under its UUID (check them)")
            if outcome.dropped:
                line += (f", {outcome.dropped} stale rows "
                         f"{'would be ' if dry_run else ''}dropped (recorded under the UUID)")
            self.stdout.write(line + ".")
        self.stdout.write(
            f"pauses re-syncing orders {'would start' if dry_run else 'started'} over: "
            f"{report.pauses_restarted}."
        )
        self.stdout.write(
            f"member coupons: {report.coupons_with_voucher} with a voucher, "
            f"{report.coupons_without_code} of them without a code in Saleor."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
