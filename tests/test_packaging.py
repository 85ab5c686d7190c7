"""The wheel, installed (not editable) into a Saleor shop with the README's settings lines."""
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]

SHOP_SETTINGS = """
from saleor.settings import *  # noqa

# The lines README.md tells merchants to add:
INSTALLED_APPS += ["saleor_loyalty"]
PLUGINS += ["saleor_loyalty.entry_point.LoyaltyPlugin"]
ROOT_URLCONF = "saleor_loyalty.urls"

from saleor_loyalty.core.schedule import LOYALTY_BEAT_SCHEDULE
CELERY_BEAT_SCHEDULE = {**globals().get("CELERY_BEAT_SCHEDULE", {}), **LOYALTY_BEAT_SCHEDULE}
"""

CHECK = """
import json, django
django.setup()
import saleor_loyalty
from django.test import Client
from saleor.account.models import User
User.objects.create_superuser("owner@example.com", "pw")
client = Client()
def post(query, token=None):
    headers = {"HTTP_AUTHORIZATION": "JWT " + token} if token else {}
    return client.post("/graphql/", json.dumps({"query": query}), content_type="application/json", **headers).json()
token = post('mutation { tokenCreate(email: "owner@example.com", password: "pw") { token } }')["data"]["tokenCreate"]["token"]
plugins = post("{ plugins(first: 50) { edges { node { id name configuration { name } } } } }", token)
print(json.dumps({"module": saleor_loyalty.__file__, "plugins": plugins,
                  "program": post("{ loyaltyProgram { name } }")}))
"""


def _admin_connection():
    db = connection.settings_dict
    conn = psycopg2.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                            user=db["USER"], password=db["PASSWORD"] or None, dbname="postgres")
    conn.autocommit = True
    return conn


@pytest.fixture
def scratch_database():
    # Named after this run's test database: developers sharing a PostgreSQL server
    # run the suite at the same time.
    name = f"{connection.settings_dict['NAME']}_wheel_check"
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    db = connection.settings_dict
    yield f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.close()


def _run(args, env, cwd):
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.e2e
def test_wheel_installs_into_a_shop_and_migrates(tmp_path, scratch_database):
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
         dict(os.environ), tmp_path)
    wheel = next(wheels.glob("saleor_loyalty-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "saleor_loyalty/migrations/0001_initial.py" in names
    assert "saleor_loyalty/templates/graphql/playground.html" in names
    assert "saleor_loyalty/console/build/index.html" in names
    built = ROOT / "saleor_loyalty" / "console" / "build" / "assets"
    assert {f"saleor_loyalty/console/build/assets/{p.name}" for p in built.iterdir()} <= set(names)
    site = tmp_path / "site"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
         dict(os.environ), tmp_path)
    (tmp_path / "shop_settings.py").write_text(SHOP_SETTINGS)
    env = {
        **os.environ,
        "PYTHONPATH": f"{site}{os.pathsep}{tmp_path}",
        "DJANGO_SETTINGS_MODULE": "shop_settings",
        "DATABASE_URL": scratch_database,
        "SECRET_KEY": "wheel-check",
        "ALLOWED_HOSTS": "testserver",
    }

    _run([sys.executable, "-m", "django", "migrate", "-v", "0"], env, tmp_path)
    applied = _run([sys.executable, "-m", "django", "showmigrations", "saleor_loyalty"], env, tmp_path)
    report = json.loads(_run([sys.executable, "-c", textwrap.dedent(CHECK)], env, tmp_path).splitlines()[-1])

    assert "[ ] " not in applied and "[X] 0001_initial" in applied
    assert report["module"].startswith(str(site))
    plugins = {e["node"]["name"]: e["node"] for e in report["plugins"]["data"]["plugins"]["edges"]}
    assert "pointsPerCurrencyUnit" in [c["name"] for c in plugins["Loyalty"]["configuration"]]
    assert report["program"]["data"]["loyaltyProgram"]["name"] == "Rewards Club"
