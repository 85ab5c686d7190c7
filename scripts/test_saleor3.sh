#!/usr/bin/env bash
# The test suite on Saleor 3, from SALEOR3_SRC (a Saleor 3 tree or .tar.gz; never downloaded).
# The Dashboard's browser tests (tests/browser/test_dashboard.py) also need SALEOR3_DASHBOARD,
# a Saleor Dashboard build or its .tar.gz (scripts/saleor3_dashboard.sh); they fail without it.
# Extra arguments go to pytest. The test database is copied from a migrated template
# (tests/fixtures/host_database.py), built on the first run (Saleor 3's migrations take minutes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap_saleor3.sh" > /dev/null
"$ROOT/scripts/ensure_chromium.sh"
VENV="${LOYALTY_SALEOR3_VENV:-$ROOT/.venv-saleor3}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/saleor_loyalty_saleor3}"
export SECRET_KEY="${SECRET_KEY:-loyalty-tests-only-secret-key}"
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}"
unset CELERY_BROKER_URL  # tasks run eagerly; the worker test sets its own broker
cd "$ROOT"
# Two pytest-xdist workers, one per core (LOYALTY_TEST_WORKERS=0 runs in one process); each
# worker has its own test database (tests/fixtures/databases.py).
exec "$VENV/bin/python" -m pytest --create-db -n "${LOYALTY_TEST_WORKERS:-2}" "$@"
