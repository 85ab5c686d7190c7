#!/usr/bin/env bash
# Prepare everything the demo and the tests need on a fresh machine:
# a Python 3.8 virtualenv with the locked packages and the project, PostgreSQL
# with the database, and Redis for Celery. Safe to run again: it reuses what exists.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LOYALTY_VENV:-$ROOT/.venv}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/saleor_loyalty}"

# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"

if [ ! -x "$VENV/bin/python" ]; then
  log "Creating the Python 3.8 virtualenv in $VENV"
  "$(find_python 3.8.18)" -m venv "$VENV"
fi

lock_id="$(cat "$ROOT/requirements.lock" "$ROOT/setup.cfg" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$VENV/.lock-id" 2>/dev/null)" != "$lock_id" ]; then
  log "Installing the locked packages and the project"
  # celery 4.4's metadata is rejected by pip 24.1 and later.
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'pip<24.1'
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.lock"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
  echo "$lock_id" > "$VENV/.lock-id"
fi

"$VENV/bin/python" "$ROOT/scripts/ensure_services.py"
