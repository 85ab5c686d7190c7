"""The benchmarks (`make bench`), on a PostgreSQL database of their own.

Django is set up here, when the package is imported, so that every benchmark module may
import Saleor's and the plugin's models at its top, in any order.
"""
import logging
import os

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
