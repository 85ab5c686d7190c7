"""Trigram indexes for the staff member search (see host.migrations): built without
locking Saleor's customers (CONCURRENTLY, so the migration runs outside a transaction)."""
import sys

from django.db import migrations

from saleor_loyalty.host import migrations as host_sql


def create_search_indexes(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        problem = host_sql.create_customer_search_indexes(cursor)
    if problem:
        sys.stderr.write(
            f"saleor_loyalty: member search runs without its indexes (slower on large shops): "
            f"{problem}\nCreate the pg_trgm extension as the database owner, then run "
            "`manage.py loyalty_search_indexes`.\n"
        )


def drop_search_indexes(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        host_sql.drop_customer_search_indexes(cursor)


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('account', '0045_auto_20200427_0425'),
        ('saleor_loyalty', '0009_paid_orders'),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
