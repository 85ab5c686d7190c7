"""The demo program as `make demo` loads it, bought through Saleor's own checkout.

Saleor's `populatedb` takes minutes, so the demo program runs here on a small shop: a
warehouse serving a shipping zone and a few products, the member-only picks sold out."""
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import graphene
import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from saleor.product.models import ProductVariant

from saleor_loyalty.demo import program as demo
from saleor_loyalty.demo.journeys import demo_journeys
from saleor_loyalty.engagement.models import Journey, Survey
from saleor_loyalty.host.shop import shop_currencies
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import ApiClient
from tests.fixtures.checkout import place_order
from tests.fixtures.shop import CHANNEL_ARGUMENT
from tests.fixtures.users import PASSWORD, create_customer

PAID_TIERS = "{ loyaltyProgram { tiers { name price { amount } durationDays paidVariant { id sku } } } }"
MEMBER_ONLY = """
{ loyaltyExclusiveProducts(first: 10, %s) { edges { node {
  name variants { id } loyalty { minimumTier { name } purchasable }
} } } }
""" % CHANNEL_ARGUMENT
MY_TIER = "{ me { loyalty { tier { name } paidTierUntil } } }"


@pytest.fixture
def demo_shop(shop):
    shop.add_variant("Blue Hoodie", "30.00")
    for name in ("White Plimsolls", "White Wine", "Yellow Plimsolls"):
        shop.add_variant(name, "20.00", stock=0)
    for email in ("ann@example.com", "bob@example.com"):
        create_customer(email)
    demo.load_demo_program()
    return shop


def _variant(global_id: str) -> ProductVariant:
    _, pk = graphene.Node.from_global_id(global_id)
    return ProductVariant.objects.select_related("product__product_type").get(pk=pk)


def test_a_new_customer_buys_the_demo_black_membership_then_a_black_only_product(demo_shop):
    customer = create_customer("new-customer@example.com")
    api = ApiClient().login(customer.email, PASSWORD)
    black = next(t for t in api.query(PAID_TIERS)["loyaltyProgram"]["tiers"] if t["name"] == "Black")

    place_order(api, demo_shop, [(_variant(black["paidVariant"]["id"]), 1)], email=customer.email)
    loyalty = api.query(MY_TIER)["me"]["loyalty"]
    member_only = {
        edge["node"]["loyalty"]["minimumTier"]["name"]: edge["node"]
        for edge in api.query(MEMBER_ONLY)["loyaltyExclusiveProducts"]["edges"]
    }
    black_only = member_only["Black"]
    order = place_order(api, demo_shop, [(_variant(black_only["variants"][0]["id"]), 1)],
                        email=customer.email)

    assert black["paidVariant"]["sku"] == "BLACK-MEMBERSHIP"
    assert (black["price"], black["durationDays"]) == ({"amount": 99.0}, 365)
    assert loyalty["tier"] == {"name": "Black"}
    held_for = parse_datetime(loyalty["paidTierUntil"]) - timezone.now()
    assert timedelta(days=364) < held_for <= timedelta(days=365)
    assert sorted(member_only) == ["Black", "Gold", "Silver"]
    assert black_only["loyalty"]["purchasable"] is True
    assert [line.product_name for line in order.lines.all()] == [black_only["name"]]


def test_the_demo_command_loads_again_and_keeps_its_products_on_sale(demo_shop):
    out = StringIO()

    # No populatedb: the shop has products; the year of history: test_demo_year.py.
    call_command("loyalty_demo", "--without-history", stdout=out)

    assert "Member-only products: Yellow Plimsolls (Silver), White Wine (Gold), White Plimsolls (Black)" in out.getvalue()
    assert Tier.objects.get(slug="black").paid_variant.sku == "BLACK-MEMBERSHIP"
    assert "Journeys, switched on: Unpaid order reminder, Left checkout, After-sales follow-up" \
        in out.getvalue()
    assert Journey.objects.filter(active=True).count() == len(demo_journeys(Survey()))
    variants = ProductVariant.objects.filter(product__name__in=["Black membership", "White Plimsolls"])
    assert [stock.quantity for v in variants for stock in v.stocks.all()] == [100, 100]


def test_the_demo_earns_in_each_currency_its_shop_sells_in(demo_shop):
    program = demo.load_program()

    assert set(program.currency_rules) == {"PLN"} & (shop_currencies() - {program.currency})
    if "PLN" in program.currency_rules:  # Saleor 3's demo: USD and PLN channels
        rule = program.currency_rules["PLN"]
        assert (rule.points_per_unit, rule.rate) == (Decimal("0.25"), Decimal("0.25"))
    assert demo.set_demo_currency_rules() == ""  # a second load keeps what is saved
