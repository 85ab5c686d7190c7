"""Settings for running Saleor with the loyalty plugin (demo, tests, benchmarks).

A shop with settings of its own adds the lines from README.md instead.
"""
import os

from saleor_loyalty.host.settings import *  # noqa: F401,F403
from saleor_loyalty.host.settings import CELERY_BEAT_SCHEDULE

from saleor_loyalty.core.schedule import LOYALTY_BEAT_SCHEDULE

CELERY_BEAT_SCHEDULE = {**CELERY_BEAT_SCHEDULE, **LOYALTY_BEAT_SCHEDULE}

# A Saleor 3 Dashboard build to serve under /dashboard/ (the folder holding its index.html;
# scripts/demo_saleor3.sh unpacks SALEOR3_DASHBOARD there). None: no Dashboard is served.
LOYALTY_DASHBOARD_BUILD = os.environ.get("LOYALTY_DASHBOARD_BUILD") or None
