import csv
import sys
from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from tqdm import tqdm

from saleor_loyalty.insight import exports


def _moment(text, end_of_day=False):
    """An ISO date or date-time; a bare date is the start (or end) of that day."""
    if text is None:
        return None
    # A date first: Django 4 and later also read a bare date as a date-time (its midnight).
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is not None:
        moment = datetime.combine(day, time.max if end_of_day else time.min)
    else:
        moment = parse_datetime(text)
        if moment is None:
            raise CommandError(f"Not a date: {text}")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = (
        "Write members (tier, balances, RFM scores, segment) or the points ledger of a "
        "period as CSV, streamed; progress goes to stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=("members", "ledger"))
        parser.add_argument("--from", dest="start", help="Ledger from this date (ISO).")
        parser.add_argument("--to", dest="end", help="Ledger up to this date (ISO, inclusive).")
        parser.add_argument("--output", "-o", help="File to write (default: stdout).")

    def handle(self, *args, what, start=None, end=None, output=None, **options):
        if what == "members":
            if start or end:
                raise CommandError("--from and --to apply to the ledger export only.")
            columns, total, rows = (
                exports.MEMBER_COLUMNS, exports.count_members(), exports.member_rows()
            )
        else:
            start, end = _moment(start), _moment(end, end_of_day=True)
            columns, total, rows = (
                exports.LEDGER_COLUMNS, exports.count_ledger(start, end),
                exports.ledger_rows(start, end),
            )
        stream = open(output, "w", newline="") if output else self.stdout._out
        try:
            writer = csv.writer(stream)
            writer.writerow(columns)
            progress_stream = getattr(self.stderr, "_out", sys.stderr)
            with tqdm(total=total, unit="row", file=progress_stream, mininterval=0.5) as bar:
                for row in rows:
                    writer.writerow(row)
                    bar.update()
        finally:
            if output:
                stream.close()
