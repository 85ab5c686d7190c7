from django.core.management.base import BaseCommand, CommandError

from saleor_loyalty.points.verify import find_differences, fix_cached_balances


class Command(BaseCommand):
    help = (
        "Recompute every member's balances from the points ledger and report "
        "differences with the cached balances; --fix repairs the cache."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Repair cached balances.")

    def handle(self, *args, fix=False, **options):
        differences = find_differences()
        for diff in differences:
            self.stdout.write(
                f"member {diff.member_id}: cached (balance, pending, lifetime, debt)="
                f"{diff.cached} ledger={diff.ledger} lots={diff.lots}"
            )
        if not differences:
            self.stdout.write("0 differences: every cached balance matches the ledger.")
            return
        if fix:
            fixed = fix_cached_balances(differences)
            self.stdout.write(f"Fixed the cached balances of {fixed} members.")
            if fixed < len(differences):
                raise CommandError("Some members' lots disagree with their ledger balance.")
        else:
            raise CommandError(f"{len(differences)} members differ; run with --fix to repair.")
