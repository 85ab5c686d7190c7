from saleor_loyalty.host.generation import GENERATION

# The fixtures both hosts share (the shop, checkout and order desk drive each host's own
# API: tests/fixtures/hosts/; the console's demo server and browser), then Saleor 3's own:
# token signing and test database aliases, and what only Saleor 3 has (tests/host3/).
pytest_plugins = [
    "tests.fixtures.host_selection",
    "tests.fixtures.users",
    "tests.fixtures.api",
    "tests.fixtures.loyalty",
    "tests.fixtures.shop",
    "tests.fixtures.checkout",
    "tests.fixtures.orders",
    "tests.fixtures.order_history",
    "tests.fixtures.console",
]
if GENERATION == "saleor3":
    pytest_plugins += [
        "tests.fixtures.hosts.saleor3.tokens",
        "tests.fixtures.hosts.saleor3.replica",
        "tests.host3.fixtures",
    ]


import pytest  # noqa: E402
from pytest_django.fixtures import _set_suffix_to_test_databases  # noqa: E402

from tests.fixtures.databases import RUN_SUFFIX, Server  # noqa: E402
from tests.fixtures.host_database import (  # noqa: E402
    copy_test_databases_from_migrated_template,
    share_test_transactions_with_the_replica,
)

share_test_transactions_with_the_replica()


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """This run's own test database (`test_<name>_run<pid>`), so runs side by side on one
    server never share one; first drop what killed runs left behind."""
    server = Server()
    try:
        server.drop_databases_of_dead_runs()
    finally:
        server.close()
    _set_suffix_to_test_databases(suffix=RUN_SUFFIX)
    copy_test_databases_from_migrated_template()


@pytest.fixture(autouse=True)
def ledger_matches_cached_balances(request):
    """After every test that used the database, the ledger and the cache agree."""
    uses_db = [name for name in ("transactional_db", "db") if name in request.fixturenames]
    if uses_db:
        # Set the database up before this fixture, so it is torn down after the check.
        request.getfixturevalue(uses_db[0])
    yield
    if uses_db and not request.node.get_closest_marker("corrupts_ledger"):
        from saleor_loyalty.points.verify import find_differences

        assert find_differences() == []
