pytest_plugins = [
    "tests.fixtures.api",
    "tests.fixtures.users",
    "tests.fixtures.shop",
    "tests.fixtures.checkout",
    "tests.fixtures.orders",
    "tests.fixtures.loyalty",
    "tests.fixtures.order_history",
    "tests.fixtures.console",
]


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def ledger_matches_cached_balances(request):
    """After every test that used the database, the ledger and the cache agree."""
    uses_db = [name for name in ("transactional_db", "db") if name in request.fixturenames]
    if uses_db:
        # Set the database up before this fixture, so it is torn down after the check.
        request.getfixturevalue(uses_db[0])
    yield
    if uses_db and not request.node.get_closest_marker("corrupts_ledger"):
        from saleor_loyalty.verify import find_differences

        assert find_differences() == []
