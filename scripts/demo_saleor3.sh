#!/usr/bin/env bash
# The demo shop on Saleor 3 with the loyalty plugin on http://127.0.0.1:8000/graphql/, from
# SALEOR3_SRC (a Saleor 3 tree or .tar.gz; never downloaded): migrate, Saleor's populatedb
# (once, inside loyalty_demo), the loyalty demo program, then uvicorn as Saleor 3 serves.
# With SALEOR3_DASHBOARD (a Saleor Dashboard build or its .tar.gz, scripts/saleor3_dashboard.sh)
# the shop also serves the Dashboard at http://127.0.0.1:8000/dashboard/, with the loyalty
# pages in it (registered by `migrate`, README "Inside the Saleor Dashboard").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TREE="$("$ROOT/scripts/bootstrap_saleor3.sh")"
if [ -n "${SALEOR3_DASHBOARD:-}" ]; then
  export LOYALTY_DASHBOARD_BUILD="$("$ROOT/scripts/saleor3_dashboard.sh")"
fi
VENV="${LOYALTY_SALEOR3_VENV:-$ROOT/.venv-saleor3}"
DEMO="$ROOT/.demo-saleor3"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/saleor_loyalty_saleor3}"
export DJANGO_SETTINGS_MODULE=saleor_loyalty.settings
export DEBUG="${DEBUG:-True}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1}"
# E-mails are printed on the console; nothing is sent to Saleor's usage telemetry.
export EMAIL_URL="${EMAIL_URL:-console://}"
export SEND_USAGE_TELEMETRY="${SEND_USAGE_TELEMETRY:-False}"
# The address the Dashboard's pages of the plugin are registered at.
export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:8000}"
export PYTHONWARNINGS=ignore

mkdir -p "$DEMO"
[ -s "$DEMO/secret_key" ] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(40))' > "$DEMO/secret_key"
export SECRET_KEY="${SECRET_KEY:-$(cat "$DEMO/secret_key")}"
# Saleor's populatedb reads its placeholders from ./saleor/static: run from the tree.
cd "$TREE"

"$VENV/bin/python" -m django migrate --noinput -v 0
"$VENV/bin/python" -m django loyalty_demo
echo
echo "GraphQL API: http://127.0.0.1:8000/graphql/  (staff: admin@example.com / admin)"
echo "Loyalty console: http://127.0.0.1:8000/loyalty/"
if [ -n "${LOYALTY_DASHBOARD_BUILD:-}" ]; then
  echo "Saleor Dashboard with the loyalty pages: http://127.0.0.1:8000/dashboard/  (Customers -> Loyalty)"
fi
exec "$VENV/bin/python" -m uvicorn saleor.asgi:application --host 127.0.0.1 --port 8000
