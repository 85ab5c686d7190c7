pytest_plugins = [
    "tests.fixtures.api",
    "tests.fixtures.users",
    "tests.fixtures.shop",
    "tests.fixtures.checkout",
    "tests.fixtures.orders",
    "tests.fixtures.loyalty",
]
