from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from saleor_loyalty.host import migrations as host_sql


class Command(BaseCommand):
    help = (
        "Build the trigram indexes of the staff member search (what migration 0010 does), "
        "e.g. after the pg_trgm extension was created by the database owner. Safe to run again."
    )

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            problem = host_sql.create_customer_search_indexes(cursor)
        if problem:
            raise CommandError(f"pg_trgm cannot be created by this database user: {problem}")
        self.stdout.write("Member search indexes are built.")
