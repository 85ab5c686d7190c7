"""Settings for running Saleor with the loyalty plugin (demo, tests, benchmarks).

A shop with settings of its own adds the lines from README.md instead.
"""
from saleor_loyalty.host.settings import *  # noqa: F401,F403
from saleor_loyalty.host.settings import CELERY_BEAT_SCHEDULE

from saleor_loyalty.core.schedule import LOYALTY_BEAT_SCHEDULE

CELERY_BEAT_SCHEDULE = {**CELERY_BEAT_SCHEDULE, **LOYALTY_BEAT_SCHEDULE}
