.PHONY: demo test lock schema bench

# Everything runs from scripts/, which set up the virtualenv, packages and database.
demo:
	scripts/demo.sh

test:
	scripts/test.sh

# Write the GraphQL extension's SDL to graphql/schema.graphql.
schema:
	scripts/bootstrap.sh
	DJANGO_SETTINGS_MODULE=saleor_loyalty.settings .venv/bin/django-admin loyalty_schema > graphql/schema.graphql

# Refresh the lock from the current virtualenv (after a verified upgrade).
lock:
	.venv/bin/pip freeze --exclude-editable | grep -v '^saleor-loyalty' | \
	  sed '1i # The project lock: the verified Python 3.8 environment (pip < 24.1). Regenerate with make lock.' > requirements.lock
