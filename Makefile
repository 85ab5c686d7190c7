.PHONY: demo test saleor3-env test-saleor3 demo-saleor3 console lock schema schema-saleor3 bench bench-checkout bench-checkout-saleor3 bench-checkout-queries bench-checkout-queries-saleor3 bench-storefront bench-storefront-saleor3 bench-prices bench-ledger bench-tiers bench-segments bench-coupons bench-search bench-journeys bench-audiences bench-import

# Everything runs from scripts/, which set up the virtualenv, packages and database.
demo:
	scripts/demo.sh

test:
	scripts/test.sh

# Saleor 3 (README, "Saleor 3"): its virtualenv, tests and demo, from SALEOR3_SRC (a Saleor 3
# tree or .tar.gz; never downloaded).
saleor3-env:
	scripts/bootstrap_saleor3.sh

test-saleor3:
	scripts/test_saleor3.sh

demo-saleor3:
	scripts/demo_saleor3.sh

# Build the merchant console (console/, React + Vite) into the Python package. Needs Node and
# npm; the built files are committed, so the demo, the tests and the wheel need no Node.
console:
	cd console && npm ci --no-audit --no-fund && npm run build

# Write the GraphQL extension's SDL to graphql/schema.graphql (Saleor 2.10) and, with
# SALEOR3_SRC, to graphql/schema-saleor3.graphql (Saleor 3).
schema:
	scripts/bootstrap.sh
	DJANGO_SETTINGS_MODULE=saleor_loyalty.settings .venv/bin/django-admin loyalty_schema > graphql/schema.graphql

schema-saleor3:
	scripts/bootstrap_saleor3.sh > /dev/null
	DJANGO_SETTINGS_MODULE=saleor_loyalty.settings SECRET_KEY=schema PYTHONWARNINGS=ignore \
		.venv-saleor3/bin/django-admin loyalty_schema > graphql/schema-saleor3.graphql

# Benchmarks (on demand, not in CI): figures for BENCHMARKS.md, on their own database.
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/saleor_loyalty_bench
bench: bench-checkout bench-checkout-queries bench-storefront bench-prices bench-ledger bench-tiers bench-segments bench-coupons bench-search bench-journeys bench-audiences

bench-checkout:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.checkout

# The same on Saleor 3 (SALEOR3_SRC as for test-saleor3), signing its tokens with a key of
# the run's own (Saleor 3 signs only in DEBUG without RSA_PRIVATE_KEY).
BENCH_DB_SALEOR3 ?= postgres://postgres@127.0.0.1:5432/saleor_loyalty_bench_saleor3
bench-checkout-saleor3:
	DATABASE_URL=$(BENCH_DB_SALEOR3) scripts/bootstrap_saleor3.sh > /dev/null
	DATABASE_URL=$(BENCH_DB_SALEOR3) RSA_PRIVATE_KEY="$$(openssl genrsa 2048 2>/dev/null)" \
		PYTHONWARNINGS=ignore .venv-saleor3/bin/python -m bench.checkout

# The plugin's share of one checkoutComplete, statement by statement.
bench-checkout-queries:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.checkout_queries

bench-checkout-queries-saleor3:
	DATABASE_URL=$(BENCH_DB_SALEOR3) scripts/bootstrap_saleor3.sh > /dev/null
	DATABASE_URL=$(BENCH_DB_SALEOR3) RSA_PRIVATE_KEY="$$(openssl genrsa 2048 2>/dev/null)" \
		PYTHONWARNINGS=ignore .venv-saleor3/bin/python -m bench.checkout_queries

bench-storefront:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.storefront

bench-storefront-saleor3:
	DATABASE_URL=$(BENCH_DB_SALEOR3) scripts/bootstrap_saleor3.sh > /dev/null
	DATABASE_URL=$(BENCH_DB_SALEOR3) RSA_PRIVATE_KEY="$$(openssl genrsa 2048 2>/dev/null)" \
		PYTHONWARNINGS=ignore .venv-saleor3/bin/python -m bench.storefront

bench-prices:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.member_prices

bench-ledger:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.ledger_jobs

bench-tiers:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.tier_review

bench-segments:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.segments_stats

bench-audiences:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.audiences

BENCH_IMPORT_DB ?= postgres://postgres@127.0.0.1:5432/h_import_bench
bench-import:
	DATABASE_URL=$(BENCH_IMPORT_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_IMPORT_DB) .venv/bin/python -m bench.member_import

bench-coupons:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.coupon_jobs

bench-search:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.member_search

bench-journeys:
	DATABASE_URL=$(BENCH_DB) scripts/bootstrap.sh
	DATABASE_URL=$(BENCH_DB) .venv/bin/python -m bench.journeys

# Refresh the lock from the current virtualenv (after a verified upgrade).
lock:
	{ sed -n '1,2p' requirements.lock; .venv/bin/pip freeze --exclude-editable | grep -v '^saleor-loyalty'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
