import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from saleor_loyalty.core.program import load_program
from saleor_loyalty.host.orders import member_orders
from saleor_loyalty.points.backfill import backfill_orders

PLAIN_PROGRESS_EVERY = 500


class Command(BaseCommand):
    help = (
        "Earn points for members' existing orders (for shops that install the plugin "
        "late). Idempotent: run it again, or resume with --start-after."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--start-after", metavar="ORDER", help="Skip orders up to this order key."
        )

    def handle(self, *args, start_after=None, **options):
        program = load_program()
        total = member_orders(start_after=start_after).count()
        self.stdout.write(f"Backfilling {total} orders of members.")
        if sys.stdout.isatty():
            bar = tqdm(total=total, unit="order")
            done = backfill_orders(program, start_after, progress=lambda key: bar.update())
            bar.close()
        else:
            seen = 0

            def report(order_key):
                nonlocal seen
                seen += 1
                if seen % PLAIN_PROGRESS_EVERY == 0 or seen == total:
                    self.stdout.write(f"{seen}/{total} orders, last order {order_key}")

            done = backfill_orders(program, start_after, progress=report)
        self.stdout.write(f"Done: {done} orders reconciled with the ledger.")
