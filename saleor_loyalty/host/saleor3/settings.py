"""Django settings: Saleor 3's own, plus the loyalty URLs.

Saleor 3 adds the app and the plugin itself: every installed package that declares the
`saleor.plugins` entry point goes into INSTALLED_APPS and PLUGINS (adding them again
would fail with "Application labels aren't unique"). CELERY_BEAT_SCHEDULE is Saleor's
own, which `saleor_loyalty.settings` extends; DATABASES keeps Saleor's `replica` alias.
"""
from saleor.settings import *  # noqa: F401,F403
from saleor.settings import INSTALLED_APPS

if "saleor_loyalty" not in INSTALLED_APPS:
    raise ImportError(
        "Saleor 3 did not load the loyalty app from its `saleor.plugins` entry point: "
        "install the package into Saleor's environment (pip install saleor-loyalty)."
    )

ROOT_URLCONF = "saleor_loyalty.urls"
