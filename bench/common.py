"""Shared set-up of the benchmarks: Django on its own PostgreSQL database."""
import logging
import os
import platform
import time
from contextlib import contextmanager

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_loyalty.settings")
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor_loyalty_bench"
)
os.environ.setdefault("SECRET_KEY", "loyalty-benchmarks")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)  # Saleor logs every Celery task; keep the figures readable

# Load the URLs and schema as the first request of a server would: Saleor 2.10's
# modules import each other in circles that only resolve in that order.
import saleor_loyalty.urls  # noqa: E402,F401

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def prepare_database():
    call_command("migrate", verbosity=0)


def machine() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {pg}, "
        f"{platform.machine()}"
    )


@contextmanager
def timer(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = time.perf_counter() - start


def execute(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
