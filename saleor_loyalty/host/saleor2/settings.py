"""Django settings: Saleor 2.10's own, plus the loyalty app, plugin and URLs."""
import dj_database_url
from saleor.settings import *  # noqa: F401,F403
from saleor.settings import INSTALLED_APPS, PLUGINS

INSTALLED_APPS = [*INSTALLED_APPS, "saleor_loyalty"]
PLUGINS = [*PLUGINS, "saleor_loyalty.entry_point.LoyaltyPlugin"]
ROOT_URLCONF = "saleor_loyalty.urls"

DATABASES = {
    "default": dj_database_url.config(
        default="postgres://postgres@127.0.0.1:5432/saleor_loyalty", conn_max_age=600
    )
}

# Saleor 2.10 schedules no periodic tasks of its own.
CELERY_BEAT_SCHEDULE = {}
