#!/usr/bin/env bash
# The whole test suite on a fresh test database. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/ensure_chromium.sh"
VENV="${LOYALTY_VENV:-$ROOT/.venv}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/saleor_loyalty}"
export SECRET_KEY="${SECRET_KEY:-loyalty-tests-only-secret-key}"
unset CELERY_BROKER_URL  # tasks run eagerly; the worker test sets its own broker
cd "$ROOT"
# Two pytest-xdist workers, one per core (LOYALTY_TEST_WORKERS=0 runs in one process); each
# worker has its own test database (tests/fixtures/databases.py).
exec "$VENV/bin/python" -m pytest --create-db -n "${LOYALTY_TEST_WORKERS:-2}" "$@"
