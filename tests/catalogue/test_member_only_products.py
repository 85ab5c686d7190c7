"""Member-only products: unseen and unbuyable below their tier, through every path."""
import graphene
import pytest
from django.core.exceptions import ValidationError
from saleor.checkout.models import Checkout
from saleor.order.models import Order
from saleor.payment.models import Payment
from saleor.plugins.manager import get_plugins_manager
from saleor.product.models import Product

from saleor_loyalty.catalogue.models import ProductAccess
from saleor_loyalty.host.generation import GENERATION
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.checkout import (
    CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS,
    CHECKOUT_CREATE_WITH_LOYALTY_ERRORS,
    CHECKOUT_ERRORS,
    CHECKOUT_ID_ARGUMENT,
    LINE_UPDATE_INPUT,
    checkout_create_input,
    create_checkout,
    ship_and_pay,
)
from tests.fixtures.loyalty import make_member
from tests.fixtures.shop import CHANNEL_ARGUMENT, product_create_extras, search_argument
from tests.fixtures.users import PASSWORD, create_customer

SET_MEMBER_ONLY = """
mutation($product: ID!, $tier: ID) {
  loyaltyProductSetMemberOnly(product: $product, minimumTier: $tier) {
    product { name loyalty { memberOnly minimumTier { name } } }
    errors { field code message }
  }
}
"""
MEMBER_PRODUCT_CREATE = """
mutation($input: ProductCreateInput!, $tier: ID!) {
  loyaltyMemberProductCreate(input: $input, minimumTier: $tier) {
    product { name loyalty { memberOnly minimumTier { name } } }
    errors { field code message }
  }
}
"""
PRODUCT_PATHS = """
query($id: ID!, $slug: String!, $category: ID!, $collection: ID!, $variant: ID!) {
  products(first: 50, %(channel)s) { edges { node { name } } }
  search: products(first: 50, %(search)s, %(channel)s) { edges { node { name } } }
  byId: product(id: $id, %(channel)s) { name }
  bySlug: product(slug: $slug, %(channel)s) { name }
  category(id: $category) { products(first: 50, %(channel)s) { edges { node { name } } } }
  collection(id: $collection, %(channel)s) { products(first: 50) { edges { node { name } } } }
  productVariant(id: $variant, %(channel)s) { id }
  loyaltyExclusiveProducts(first: 10, %(channel)s) { edges { node { name loyalty { purchasable } } } }
}
""" % {"channel": CHANNEL_ARGUMENT, "search": search_argument("jacket")}
LINES_ADD = """
mutation($checkoutId: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(%s: $checkoutId, lines: $lines) {
    checkout { lines { quantity } }
    %s { field code message }
    loyaltyErrors { field code message }
  }
}
""" % (CHECKOUT_ID_ARGUMENT, CHECKOUT_ERRORS)
LINES_UPDATE = """
mutation($checkoutId: ID!, $lines: [%s!]!) {
  checkoutLinesUpdate(%s: $checkoutId, lines: $lines) {
    checkout { lines { variant { name } } } loyaltyErrors { code }
  }
}
""" % (LINE_UPDATE_INPUT, CHECKOUT_ID_ARGUMENT)
COMPLETE = CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS


@pytest.fixture
def tiers(entry_tier, silver_tier, gold_tier):
    return {"member": entry_tier, "silver": silver_tier, "gold": gold_tier}


@pytest.fixture
def catalogue(shop, tiers):
    """An open tee and a Gold-only jacket, both in one category and one collection."""
    tee = shop.add_variant("Linen Tee", "20.00")
    jacket = shop.add_variant("Gold Jacket", "120.00")
    ProductAccess.objects.create(product=jacket.product, minimum_tier=tiers["gold"])
    collection = shop.add_collection("Autumn", [tee, jacket])
    return {"tee": tee, "jacket": jacket, "collection": collection}


def _api_for(tier_name, tiers, email):
    user = create_customer(email)
    if tier_name:
        make_member(user, tier=tiers[tier_name])
    return ApiClient().login(email, PASSWORD)


def _what_is_seen(api, catalogue):
    jacket = catalogue["jacket"]
    data = api.query(PRODUCT_PATHS, {
        "id": gid("Product", jacket.product),
        "slug": jacket.product.slug,
        "category": gid("Category", jacket.product.category),
        "collection": gid("Collection", catalogue["collection"]),
        "variant": gid("ProductVariant", jacket),
    })

    def names(connection):
        return sorted(edge["node"]["name"] for edge in connection["edges"])

    return {
        "products": names(data["products"]),
        "search": names(data["search"]),
        "by_id": data["byId"],
        "by_slug": data["bySlug"],
        "category": names(data["category"]["products"]),
        "collection": names(data["collection"]["products"]),
        "variant": data["productVariant"] is not None,
        "exclusive": [
            (edge["node"]["name"], edge["node"]["loyalty"]["purchasable"])
            for edge in data["loyaltyExclusiveProducts"]["edges"]
        ],
    }


HIDDEN = {
    "products": ["Linen Tee"],
    "search": [],
    "by_id": None,
    "by_slug": None,
    "category": ["Linen Tee"],
    "collection": ["Linen Tee"],
    "variant": False,
    "exclusive": [],
}


@pytest.mark.parametrize("tier_name", ["silver", "member", None])
def test_customers_below_the_tier_never_see_the_product(tier_name, tiers, catalogue):
    api = _api_for(tier_name, tiers, "below@example.com")

    assert _what_is_seen(api, catalogue) == HIDDEN


def test_guests_never_see_the_product(api_client, catalogue):
    assert _what_is_seen(api_client, catalogue) == HIDDEN


def test_gold_member_sees_the_product_everywhere(tiers, catalogue):
    api = _api_for("gold", tiers, "gold@example.com")

    assert _what_is_seen(api, catalogue) == {
        "products": ["Gold Jacket", "Linen Tee"],
        "search": ["Gold Jacket"],
        "by_id": {"name": "Gold Jacket"},
        "by_slug": {"name": "Gold Jacket"},
        "category": ["Gold Jacket", "Linen Tee"],
        "collection": ["Gold Jacket", "Linen Tee"],
        "variant": True,
        "exclusive": [("Gold Jacket", True)],
    }


def test_staff_managing_products_see_the_product(manage_products_api, catalogue):
    seen = _what_is_seen(manage_products_api, catalogue)

    assert seen["products"] == ["Gold Jacket", "Linen Tee"]
    assert seen["by_id"] == {"name": "Gold Jacket"}
    assert seen["category"] == ["Gold Jacket", "Linen Tee"]
    assert seen["exclusive"] == [("Gold Jacket", False)]  # staff are not Gold members


def _create_checkout_payload(api, variant, email):
    return api.query(CHECKOUT_CREATE_WITH_LOYALTY_ERRORS, {
        "input": checkout_create_input([(variant, 1)], email)})["checkoutCreate"]


@pytest.mark.parametrize("tier_name", ["silver", None])
def test_customers_below_the_tier_cannot_put_it_in_a_checkout(tier_name, tiers, catalogue):
    api = _api_for(tier_name, tiers, "below@example.com")

    result = _create_checkout_payload(api, catalogue["jacket"], "below@example.com")

    assert result["checkout"] is None
    assert result["loyaltyErrors"] == [{"field": "lines", "code": "TIER_TOO_LOW"}]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("lines", "INVALID")]
    assert "Gold members" in result["errors"][0]["message"]
    assert not Checkout.objects.exists()


def test_guests_cannot_put_it_in_a_checkout(api_client, catalogue):
    result = _create_checkout_payload(api_client, catalogue["jacket"], "guest@example.com")

    assert result["loyaltyErrors"] == [{"field": "lines", "code": "TIER_TOO_LOW"}]
    assert not Checkout.objects.exists()


def test_customers_below_the_tier_cannot_add_it_to_their_checkout(tiers, catalogue):
    api = _api_for("silver", tiers, "silver@example.com")
    checkout_id = create_checkout(api, [(catalogue["tee"], 1)], email="silver@example.com")

    result = api.query(LINES_ADD, {"checkoutId": checkout_id, "lines": [
        {"variantId": gid("ProductVariant", catalogue["jacket"]), "quantity": 1}
    ]})["checkoutLinesAdd"]

    assert result["loyaltyErrors"][0]["code"] == "TIER_TOO_LOW"
    assert Checkout.objects.get().lines.count() == 1


def test_gold_member_buys_the_product(tiers, catalogue, order_placer):
    api = _api_for("gold", tiers, "gold@example.com")

    order = order_placer(api, [(catalogue["jacket"], 1)], email="gold@example.com")

    assert order.lines.get().product_name == "Gold Jacket"


def test_downgraded_member_cannot_complete_a_checkout_holding_it(tiers, catalogue, shop):
    gold_user = create_customer("gold@example.com")
    member = make_member(gold_user, tier=tiers["gold"])
    api = ApiClient().login(gold_user.email, PASSWORD)
    checkout_id = create_checkout(api, [(catalogue["jacket"], 1)], email=gold_user.email)
    ship_and_pay(api, checkout_id, shop.shipping_method, email=gold_user.email)
    member.tier = tiers["silver"]
    member.save(update_fields=["tier"])

    result = api.query(COMPLETE, {"checkoutId": checkout_id})["checkoutComplete"]

    assert result["order"] is None
    assert [e["code"] for e in result["loyaltyErrors"]] == ["TIER_TOO_LOW"]
    assert [e["code"] for e in result["errors"]] == ["INVALID"]
    assert not Order.objects.exists()
    assert Payment.objects.get().captured_amount == 0


@pytest.mark.skipif(GENERATION == "saleor3", reason=(
    "Saleor 2.10's hook signature (checkout, discounts); on Saleor 3 checkoutComplete's refusal "
    "is tests/host3/test_catalogue_and_coupons.py's"))
def test_order_creation_itself_refuses_member_only_products_below_the_tier(tiers, catalogue):
    """Saleor's preprocess_order_creation hook is the last word, whatever path led there."""
    user = create_customer("silver@example.com")
    make_member(user, tier=tiers["silver"])
    checkout = Checkout.objects.create(user=user, email=user.email)
    checkout.lines.create(variant=catalogue["jacket"], quantity=1)

    with pytest.raises(ValidationError) as refusal:
        get_plugins_manager().preprocess_order_creation(checkout, [])

    assert refusal.value.error_dict["lines"][0].code == "invalid"


def test_removing_a_line_is_never_refused(tiers, catalogue, shop):
    gold_user = create_customer("gold@example.com")
    member = make_member(gold_user, tier=tiers["gold"])
    api = ApiClient().login(gold_user.email, PASSWORD)
    checkout_id = create_checkout(api, [(catalogue["jacket"], 1), (catalogue["tee"], 1)], email=gold_user.email)
    member.tier = tiers["silver"]
    member.save(update_fields=["tier"])

    result = api.query(LINES_UPDATE, {"checkoutId": checkout_id, "lines": [
        {"variantId": gid("ProductVariant", catalogue["jacket"]), "quantity": 0}
    ]})["checkoutLinesUpdate"]

    assert result["loyaltyErrors"] == []
    assert len(result["checkout"]["lines"]) == 1


def test_staff_makes_a_product_member_only_and_opens_it_again(manage_products_api, shop, tiers):
    product = shop.add_variant("Scarf", "30.00").product
    variables = {"product": gid("Product", product), "tier": gid("LoyaltyTier", tiers["silver"])}

    restricted = manage_products_api.query(SET_MEMBER_ONLY, variables)["loyaltyProductSetMemberOnly"]
    opened = manage_products_api.query(SET_MEMBER_ONLY, {**variables, "tier": None})["loyaltyProductSetMemberOnly"]

    assert restricted == {"product": {"name": "Scarf", "loyalty": {
        "memberOnly": True, "minimumTier": {"name": "Silver"}}}, "errors": []}
    assert opened["product"]["loyalty"] == {"memberOnly": False, "minimumTier": None}
    assert not ProductAccess.objects.exists()


def test_staff_creates_a_product_that_is_member_only_from_the_start(manage_products_api, shop, tiers, api_client):
    result = manage_products_api.query(MEMBER_PRODUCT_CREATE, {"tier": gid("LoyaltyTier", tiers["gold"]), "input": {
        "name": "Members Blend", "productType": gid("ProductType", shop.product_type),
        "category": gid("Category", shop.category("coffee")), **product_create_extras("BLEND-1"),
    }})["loyaltyMemberProductCreate"]

    assert result == {"product": {"name": "Members Blend", "loyalty": {
        "memberOnly": True, "minimumTier": {"name": "Gold"}}}, "errors": []}
    product = Product.objects.get(name="Members Blend")
    assert product.loyalty_access.minimum_tier == tiers["gold"]
    assert api_client.query("{ products(first: 5, %s) { edges { node { name } } } }" % CHANNEL_ARGUMENT)[
        "products"]["edges"] == []


def test_member_product_creation_reports_saleors_validation_and_saves_nothing(
    manage_products_api, shop, tiers
):
    shop.add_variant("Linen Tee", "20.00")  # slug linen-tee

    result = manage_products_api.query(MEMBER_PRODUCT_CREATE, {"tier": gid("LoyaltyTier", tiers["gold"]), "input": {
        "name": "Same slug", "slug": "linen-tee", "productType": gid("ProductType", shop.product_type),
        "category": gid("Category", shop.category("apparel")), **product_create_extras("SAME-SLUG"),
    }})["loyaltyMemberProductCreate"]

    assert result["product"] is None
    assert [e["field"] for e in result["errors"]] == ["slug"]  # its code differs per Saleor
    assert list(Product.objects.values_list("name", flat=True)) == ["Linen Tee"]
    assert not ProductAccess.objects.exists()


@pytest.mark.parametrize(
    "variables, expected",
    [
        ({"product": graphene.Node.to_global_id("Product", 987654)}, [("product", "NOT_FOUND")]),
        ({"tier": graphene.Node.to_global_id("LoyaltyTier", 987654)}, [("minimumTier", "NOT_FOUND")]),
        ({"tier": "product-id-as-tier"}, [("minimumTier", "NOT_FOUND")]),
    ],
)
def test_bad_member_only_input_is_refused_with_codes(manage_products_api, catalogue, tiers, variables, expected):
    tee = catalogue["tee"].product
    given = {"product": gid("Product", tee), "tier": gid("LoyaltyTier", tiers["gold"]), **variables}
    if given["tier"] == "product-id-as-tier":
        given["tier"] = gid("Product", tee)

    errors = manage_products_api.query(SET_MEMBER_ONLY, given)["loyaltyProductSetMemberOnly"]["errors"]

    assert [(e["field"], e["code"]) for e in errors] == expected
    assert not ProductAccess.objects.filter(product=tee).exists()


def test_member_only_mutations_need_manage_products(staff_api, customer_api, api_client, catalogue, tiers):
    variables = {"product": gid("Product", catalogue["tee"].product), "tier": gid("LoyaltyTier", tiers["gold"])}

    for api in (staff_api, customer_api, api_client):
        errors = api.query(SET_MEMBER_ONLY, variables)["loyaltyProductSetMemberOnly"]["errors"]
        assert [e["code"] for e in errors] == ["PERMISSION_DENIED"]


def test_a_tier_that_member_only_products_need_cannot_be_deleted(manage_users_api, catalogue, tiers):
    result = manage_users_api.query(
        "mutation($id: ID!) { loyaltyTierDelete(id: $id) { errors { field code message } } }",
        {"id": gid("LoyaltyTier", tiers["gold"])},
    )["loyaltyTierDelete"]

    assert [e["code"] for e in result["errors"]] == ["INVALID"]
    assert Tier.objects.filter(pk=tiers["gold"].pk).exists()
