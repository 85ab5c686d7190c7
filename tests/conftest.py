pytest_plugins = [
    "tests.fixtures.users",
    "tests.fixtures.api",
    "tests.fixtures.shop",
    "tests.fixtures.checkout",
    "tests.fixtures.orders",
    "tests.fixtures.loyalty",
    "tests.fixtures.order_history",
    "tests.fixtures.console",
]


import pytest  # noqa: E402
from pytest_django.fixtures import _set_suffix_to_test_databases  # noqa: E402

from tests.fixtures.databases import RUN_SUFFIX, Server  # noqa: E402


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
