import os
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from saleor_loyalty.members import imports
from saleor_loyalty.members.import_presets import PRESETS


def summary_lines(result) -> list:
    """The end-of-run summary: counts, then every problem row with its line."""
    if result.already_done:
        head = ["This file was imported already: nothing changed."]
    elif result.dry_run:
        head = ["Dry run: nothing was written. A real run would give:"]
    else:
        head = ["Imported."]
    verb = "would be " if result.dry_run and not result.already_done else ""
    lines = head + [
        f"  members created: {result.created}",
        f"  members updated: {result.updated}",
        f"  rows skipped: {result.skipped}",
    ]
    if not result.already_done:
        lines.append(f"  customer accounts {verb or ''}created: {result.customers_created}")
    if result.problems:
        lines.append(f"Problems ({len(result.problems)}):")
        lines += [f"  line {p.line}: {p.email or '-'}: {p.reason}" for p in result.problems]
    return lines


class Command(BaseCommand):
    help = (
        "Import members, balances (with their lots' expiry), tiers, birthdays and referral "
        "codes and links from another loyalty program's CSV file. Running a file again "
        "resumes it or changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=("members",))
        parser.add_argument("file", help="CSV file (UTF-8, a header line first).")
        parser.add_argument("--preset", default="generic", choices=sorted(PRESETS),
                            help="Column names of the file (default: generic).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Write nothing; say what would change and every problem.")
        parser.add_argument("--no-create", action="store_true",
                            help="Do not create missing customer accounts: report them.")
        parser.add_argument("--batch-size", type=int, default=imports.BATCH_SIZE)

    def handle(self, *args, what, file, preset, dry_run, no_create, batch_size, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}")
        progress_stream = getattr(self.stderr, "_out", sys.stderr)
        bar = tqdm(unit="row", file=progress_stream, mininterval=0.5,
                   disable=dry_run or not progress_stream.isatty())

        def show(done, total):  # a resumed run starts where the last one stopped
            bar.total = total
            bar.update(done - bar.n)

        try:
            result = imports.import_members(
                data, preset=preset, file_name=os.path.basename(file), dry_run=dry_run,
                create_customers=not no_create, batch_size=batch_size,
                progress=show,
            )
        except ValueError as error:
            raise CommandError(str(error))
        finally:
            bar.close()
        self.stdout.write("\n".join(summary_lines(result)))
