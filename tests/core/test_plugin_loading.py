"""A loyalty plugin that cannot be loaded never stops Saleor from starting."""
import os
import subprocess
import sys
import textwrap

from django.db import connection

from tests.fixtures.databases import database_url_for

# Saleor starts with `saleor_loyalty.plugin` failing to import: the checks pass, and the
# plugin Saleor loads is an inactive stand-in that says why.
START_WITH_A_BROKEN_PLUGIN = """
import sys
sys.modules["saleor_loyalty.plugin"] = None  # importing it now raises ImportError
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string
call_command("check")
(path,) = [path for path in settings.PLUGINS if path.startswith("saleor_loyalty.")]
plugin = import_string(path)(configuration=[], active=True)
print("LOADED", type(plugin).__name__, plugin.active, plugin.PLUGIN_DESCRIPTION)
"""


def test_saleor_starts_with_an_inactive_stand_in_when_the_plugin_cannot_be_loaded(db):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "saleor_loyalty.settings", "PYTHONWARNINGS": "ignore",
           "DATABASE_URL": database_url_for(connection.settings_dict["NAME"])}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(START_WITH_A_BROKEN_PLUGIN)],
                            env=env, capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stderr[-3000:]
    (loaded,) = [line for line in result.stdout.splitlines() if line.startswith("LOADED")]
    assert loaded.startswith(
        "LOADED UnavailableLoyaltyPlugin False Not working on this Saleor: the plugin failed to load ("
    )
    assert "import of saleor_loyalty.plugin halted" in loaded
    assert "The loyalty plugin could not be loaded" in result.stderr
