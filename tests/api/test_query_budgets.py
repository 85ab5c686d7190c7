"""What a storefront's hottest reads cost in SQL queries, whatever the member's history or
the page size; timings are measured in bench/, not here. A budget counts the loyalty
share: the queries of the request less those of the same request without loyalty fields
(Saleor's own sign-in and site reads)."""
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saleor_loyalty.catalogue.member_only import set_member_only
from saleor_loyalty.catalogue.models import MemberPrice
from saleor_loyalty.coupons import member_coupons
from saleor_loyalty.host.generation import GENERATION
from saleor_loyalty.host.vouchers import FIXED, VoucherTerms
from saleor_loyalty.tiers.models import TierChange, TierChangeReason
from tests.fixtures.loyalty import credit_points
from tests.fixtures.shop import CHANNEL_ARGUMENT

ME_LOYALTY = """
{
  me {
    loyalty {
      pointsBalance
      tier { name }
      pointsExpiringSoon { points }
      transactions(first: 20) { edges { node { kind points order { number } } } }
      coupons(status: ACTIVE) { code }
      tierHistory { toTier { name } }
    }
  }
}
"""


def _queries(api, query, variables=None):
    with CaptureQueriesContext(connection) as context:
        api.query(query, variables)
    return [q["sql"] for q in context.captured_queries]


ME_ONLY = "{ me { email } }"
# The member with their tier, expiring points, transactions with their orders, coupons
# with their vouchers (on Saleor 3 their codes and channel listings by subqueries),
# tier history.
ME_LOYALTY_BUDGET = 6


def _loyalty_share(api, query, without):
    api.query(without)  # Saleor caches its site settings on a process's first request
    return len(_queries(api, query)) - len(_queries(api, without))


def _history(member, customer_api, order_placer, shirt, tiers, orders):
    for _ in range(orders):
        order_placer(customer_api, [(shirt, 1)])
    now = timezone.now()
    for i in range(orders):
        credit_points(member, 5, f"bonus:{orders}:{i}", reason="bonus")
        TierChange.objects.create(member=member, from_tier=tiers[i % 2], to_tier=tiers[(i + 1) % 2],
                                  reason=TierChangeReason.UPGRADE, created_at=now)
        terms = VoucherTerms(name="Thanks", value_type=FIXED, value=Decimal(5), valid_from=now,
                             valid_until=now + timedelta(days=9))
        member_coupons.issue(member, "welcome", f"budget:{orders}:{i}", terms, now)


def test_me_loyalty_costs_a_constant_number_of_queries_whatever_the_history(
        customer_api, member, shop, order_placer, silver_tier, gold_tier):
    shirt = shop.add_variant("Shirt", "25.00")
    tiers = [silver_tier, gold_tier]
    member.tier = gold_tier
    member.save(update_fields=["tier"])

    shares = []
    for orders in (1, 6):
        _history(member, customer_api, order_placer, shirt, tiers, orders)
        shares.append(_loyalty_share(customer_api, ME_LOYALTY, ME_ONLY))

    answer = customer_api.query(ME_LOYALTY)["me"]["loyalty"]
    assert len(answer["transactions"]["edges"]) == 14 and answer["tierHistory"]
    assert shares == [ME_LOYALTY_BUDGET, ME_LOYALTY_BUDGET]


STOREFRONT_PAGE = """
{
  products(first: 100 %s) {
    edges { node { variants { memberPrice { amount } } loyalty { memberOnly } } }
  }
}
""" % (", " + CHANNEL_ARGUMENT if CHANNEL_ARGUMENT else "")
# The member, their tier, the page's member-only rules and member prices, and the shop's
# prices (Saleor 3: variant channel listings; Saleor 2.10: products, collections and sales).
PAGE_LOYALTY_QUERIES = {"saleor2": 7, "saleor3": 5}[GENERATION]
PAGE_WITHOUT_LOYALTY = STOREFRONT_PAGE.replace(
    "variants { memberPrice { amount } } loyalty { memberOnly }", "variants { id }")


def test_a_storefront_page_with_member_prices_costs_the_same_queries_for_3_or_30_products(
        customer_api, member, shop, silver_tier, gold_tier):
    member.tier = gold_tier
    member.save(update_fields=["tier"])

    def add_products(start, stop):
        for i in range(start, stop):
            variant = shop.add_variant(f"Product {i}", "10.00")
            MemberPrice.objects.create(variant=variant, tier=gold_tier, price_amount=Decimal("8.00"),
                                       currency="USD")
            if i % 3 == 0:
                set_member_only(variant.product_id, silver_tier)

    def page():
        share = _loyalty_share(customer_api, STOREFRONT_PAGE, PAGE_WITHOUT_LOYALTY)
        return customer_api.query(STOREFRONT_PAGE)["products"]["edges"], share

    add_products(0, 3)
    few, few_queries = page()
    add_products(3, 30)
    many, many_queries = page()

    assert (len(few), len(many)) == (3, 30)
    assert {edge["node"]["variants"][0]["memberPrice"]["amount"] for edge in many} == {8.0}
    assert sum(edge["node"]["loyalty"]["memberOnly"] for edge in many) == 10
    assert many_queries == few_queries == PAGE_LOYALTY_QUERIES
