"""Early access: member-only for a tier until the launch date, public for all from it,
with no job needing to run (a frozen clock moves past the date)."""
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.catalogue.models import ProductAccess
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.checkout import CHECKOUT_CREATE_WITH_LOYALTY_ERRORS, checkout_create_input
from tests.fixtures.loyalty import make_member
from tests.fixtures.shop import CHANNEL_ARGUMENT
from tests.fixtures.users import PASSWORD, create_customer

SEEN = """
query($id: ID!) {
  products(first: 20, %(channel)s) { edges { node { name } } }
  product(id: $id, %(channel)s) { name loyalty { memberOnly purchasable publicFrom minimumTier { name } } }
}
""" % {"channel": CHANNEL_ARGUMENT}
SET_MEMBER_ONLY = """
mutation($product: ID!, $tier: ID, $publicFrom: DateTime) {
  loyaltyProductSetMemberOnly(product: $product, minimumTier: $tier, publicFrom: $publicFrom) {
    product { loyalty { memberOnly minimumTier { name } publicFrom } }
    errors { field code }
  }
}
"""


@pytest.fixture
def launch():
    return (timezone.now() + timedelta(days=10)).replace(microsecond=0)


@pytest.fixture
def catalogue(shop, entry_tier, silver_tier, gold_tier, launch):
    tee = shop.add_variant("Linen Tee", "20.00")
    jacket = shop.add_variant("Gold Jacket", "120.00")
    ProductAccess.objects.create(product=jacket.product, minimum_tier=gold_tier, public_from=launch)
    return {"tee": tee, "jacket": jacket}


@pytest.fixture
def customers(entry_tier, silver_tier, gold_tier):
    """Email of a guest-like non-member, a Silver member and a Gold member."""
    emails = {"none": "none@example.com", "silver": "silver@example.com", "gold": "gold@example.com"}
    make_member(create_customer(emails["silver"]), tier=silver_tier)
    make_member(create_customer(emails["gold"]), tier=gold_tier)
    create_customer(emails["none"])
    return emails


def _seen(email, catalogue):
    api = ApiClient().login(email, PASSWORD)
    data = api.query(SEEN, {"id": gid("Product", catalogue["jacket"].product)})
    names = sorted(edge["node"]["name"] for edge in data["products"]["edges"])
    return names, data["product"]


def _checkout_refusals(email, catalogue):
    api = ApiClient().login(email, PASSWORD)
    result = api.query(CHECKOUT_CREATE_WITH_LOYALTY_ERRORS, {
        "input": checkout_create_input([(catalogue["jacket"], 1)], email)})["checkoutCreate"]
    return [error["code"] for error in result["loyaltyErrors"]]


@pytest.mark.parametrize("who", ["none", "silver"])
def test_before_the_launch_others_neither_see_nor_buy_it(who, customers, catalogue, launch):
    with freeze_time(launch - timedelta(minutes=1)):
        names, product = _seen(customers[who], catalogue)
        refusals = _checkout_refusals(customers[who], catalogue)

    assert (names, product) == (["Linen Tee"], None)
    assert refusals == ["TIER_TOO_LOW"]


def test_guests_do_not_see_it_before_the_launch(api_client, catalogue, launch):
    with freeze_time(launch - timedelta(days=1)):
        data = api_client.query(SEEN, {"id": gid("Product", catalogue["jacket"].product)})

    assert data["product"] is None


def test_members_of_the_tier_see_and_buy_it_before_the_launch(
    customers, catalogue, launch, order_placer
):
    with freeze_time(launch - timedelta(days=1)):
        names, product = _seen(customers["gold"], catalogue)
        api = ApiClient().login(customers["gold"], PASSWORD)
        order = order_placer(api, [(catalogue["jacket"], 1)], email=customers["gold"])

    assert names == ["Gold Jacket", "Linen Tee"]
    assert product["loyalty"] == {"memberOnly": True, "purchasable": True,
                                  "publicFrom": launch.isoformat(), "minimumTier": {"name": "Gold"}}
    assert order.lines.get().product_name == "Gold Jacket"


@pytest.mark.parametrize("who", ["none", "silver"])
def test_from_the_launch_everybody_sees_and_buys_it(who, customers, catalogue, launch, order_placer):
    with freeze_time(launch):
        names, product = _seen(customers[who], catalogue)
        api = ApiClient().login(customers[who], PASSWORD)
        order = order_placer(api, [(catalogue["jacket"], 1)], email=customers[who])

    assert names == ["Gold Jacket", "Linen Tee"]
    assert product["name"] == "Gold Jacket"
    assert product["loyalty"]["memberOnly"] is False
    assert product["loyalty"]["purchasable"] is True
    assert order.lines.get().product_name == "Gold Jacket"


def test_staff_set_a_launch_date(manage_products_api, shop, gold_tier, launch):
    product = shop.add_variant("Scarf", "30.00").product

    result = manage_products_api.query(SET_MEMBER_ONLY, {
        "product": gid("Product", product), "tier": gid("LoyaltyTier", gold_tier),
        "publicFrom": launch.isoformat()})["loyaltyProductSetMemberOnly"]

    assert result == {"product": {"loyalty": {
        "memberOnly": True, "minimumTier": {"name": "Gold"}, "publicFrom": launch.isoformat()}},
        "errors": []}
    assert ProductAccess.objects.get(product=product).public_from == launch


def test_a_launch_date_without_a_tier_is_refused(manage_products_api, shop, launch):
    product = shop.add_variant("Scarf", "30.00").product

    result = manage_products_api.query(SET_MEMBER_ONLY, {
        "product": gid("Product", product), "tier": None,
        "publicFrom": launch.isoformat()})["loyaltyProductSetMemberOnly"]

    assert result["errors"] == [{"field": "publicFrom", "code": "INVALID"}]
    assert not ProductAccess.objects.exists()
