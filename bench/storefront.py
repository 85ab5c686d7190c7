"""A storefront page of 100 products read by a Gold member, with and without the loyalty
fields, paired.

Run: make bench-storefront  (or: .venv/bin/python -m bench.storefront [rounds], default 50)
A shop of 100 products of one variant each: every second one has a Gold member price, every
fifth one is member-only from Gold. A signed-in Gold member reads them through Saleor's real
GraphQL endpoint, each round once with the loyalty fields
(`variants { memberPrice { amount } } loyalty { memberOnly }`) and once without them
(`variants { id }`), in an order that alternates from round to round. The figure is the
median of the rounds' ratios (with / without) with its 95 % bootstrap interval
(bench.common.paired); the SQL queries of each page at 10 and 100 products follow.
Everything happens in one transaction that is rolled back at the end.
"""
import time
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import machine, paired, run_rolled_back
from saleor_loyalty.catalogue.member_only import set_member_only
from saleor_loyalty.catalogue.models import MemberPrice
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import ApiClient
from tests.fixtures.loyalty import make_member
from tests.fixtures.shop import CHANNEL_ARGUMENT, create_shop
from tests.fixtures.users import PASSWORD, create_customer

ROUNDS = 50
PRODUCTS = 100
PAGE = """
query($first: Int) {
  products(first: $first%s) { edges { node { %%s } } }
}
""" % (", " + CHANNEL_ARGUMENT if CHANNEL_ARGUMENT else "")
WITH_LOYALTY = PAGE % "variants { memberPrice { amount } } loyalty { memberOnly }"
WITHOUT_LOYALTY = PAGE % "variants { id }"  # the same Saleor fields


def create_catalogue(gold: Tier):
    shop = create_shop()
    for i in range(PRODUCTS):
        variant = shop.add_variant(f"Page product {i}", "10.00")
        if i % 2 == 0:
            MemberPrice.objects.create(variant=variant, tier=gold, price_amount=Decimal("8.00"),
                                       currency="USD")
        if i % 5 == 0:
            set_member_only(variant.product_id, gold)


def check_page(api):
    """The Gold member sees every product, its member prices and member-only marks (the
    bench database holds no other products)."""
    edges = api.query(WITH_LOYALTY, {"first": PRODUCTS})["products"]["edges"]
    prices = sum(edge["node"]["variants"][0]["memberPrice"] is not None for edge in edges)
    member_only = sum(edge["node"]["loyalty"]["memberOnly"] for edge in edges)
    assert (len(edges), prices, member_only) == (PRODUCTS, PRODUCTS // 2, PRODUCTS // 5), (
        len(edges), prices, member_only)


def query_count(api, query: str, first: int) -> int:
    with CaptureQueriesContext(connection) as context:
        api.query(query, {"first": first})
    return len(context.captured_queries)


def main(rounds: int):
    Tier.objects.create(name="Member", slug="bench-member", rank=0)  # the entry tier
    gold = Tier.objects.create(name="Gold", slug="bench-gold", rank=2, threshold=2000)
    create_catalogue(gold)
    make_member(create_customer("bench-gold@example.com"), tier=gold)
    api = ApiClient().login("bench-gold@example.com", PASSWORD)
    check_page(api)

    def measure(with_loyalty: bool) -> float:
        query = WITH_LOYALTY if with_loyalty else WITHOUT_LOYALTY
        start = time.perf_counter()
        api.query(query, {"first": PRODUCTS})
        return time.perf_counter() - start

    result = paired(measure, rounds)
    print(f"Machine: {machine()}")
    result.report(f"A Gold member's products(first: {PRODUCTS})", "without the loyalty fields",
                  "with memberPrice and loyalty { memberOnly }")
    print("SQL queries of one page (Django's CaptureQueriesContext):")
    print("| products per page | without the loyalty fields | with them | added |")
    print("|---|---|---|---|")
    for first in (10, PRODUCTS):
        without, with_loyalty = (query_count(api, query, first)
                                 for query in (WITHOUT_LOYALTY, WITH_LOYALTY))
        print(f"| {first} | {without} | {with_loyalty} | {with_loyalty - without} |")


if __name__ == "__main__":
    run_rolled_back(main, ROUNDS)
