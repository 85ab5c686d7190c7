#!/usr/bin/env bash
# The demo shop with the loyalty plugin on http://127.0.0.1:8000/graphql/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
VENV="${LOYALTY_VENV:-$ROOT/.venv}"
DEMO="$ROOT/.demo"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/saleor_loyalty}"
export DJANGO_SETTINGS_MODULE=saleor_loyalty.settings
# New storefront accounts are active at once in the demo (no confirmation e-mail);
# Saleor's e-mails are printed on the console.
export ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL=False
export PYTHONWARNINGS=ignore

# Saleor's populatedb reads its placeholders from ./saleor/static.
mkdir -p "$DEMO/saleor"
ln -sfn "$("$VENV/bin/python" -c 'import os, saleor; print(os.path.dirname(saleor.__file__))')/static" "$DEMO/saleor/static"
[ -s "$DEMO/secret_key" ] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(40))' > "$DEMO/secret_key"
export SECRET_KEY="${SECRET_KEY:-$(cat "$DEMO/secret_key")}"
cd "$DEMO"

"$VENV/bin/django-admin" migrate --noinput -v 0
"$VENV/bin/django-admin" loyalty_demo
echo
echo "Loyalty console:            http://127.0.0.1:8000/loyalty/  (staff: admin@example.com / admin)"
echo "GraphQL API and Playground: http://127.0.0.1:8000/graphql/"
exec "$VENV/bin/django-admin" runserver 127.0.0.1:8000 --noreload
