"""Member prices and tier discounts: what the storefront shows is what Saleor charges."""
from decimal import Decimal

import graphene
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from saleor.discount import DiscountValueType
from saleor.discount.models import Sale

from saleor_loyalty.catalogue.models import MemberPrice
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.checkout import complete_checkout, create_checkout, ship_and_pay
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import PASSWORD, create_customer, grant

SET_PRICE = """
mutation($variant: ID!, $tier: ID!, $price: Decimal!, $currency: String) {
  loyaltyMemberPriceSet(variant: $variant, tier: $tier, price: $price, currency: $currency) {
    variant { id } tier { name } price { amount currency }
    errors { field code message }
  }
}
"""
DELETE_PRICE = """
mutation($variant: ID!, $tier: ID!) {
  loyaltyMemberPriceDelete(variant: $variant, tier: $tier) { errors { field code } }
}
"""
VARIANT_MEMBER_PRICE = """
query($id: ID!) { productVariant(id: $id) { memberPrice { amount currency } } }
"""
CHECKOUT_TOTALS = """
query($token: UUID!) {
  checkout(token: $token) {
    lines { totalPrice { gross { amount } } }
    subtotalPrice { gross { amount } }
    totalPrice { gross { amount } }
  }
}
"""
DRAFT_CREATE = """
mutation($input: DraftOrderCreateInput!) {
  draftOrderCreate(input: $input) {
    order { lines { unitPrice { gross { amount } } } subtotal { gross { amount } } }
    orderErrors { field code message }
  }
}
"""


@pytest.fixture
def tee(shop):
    return shop.add_variant("Linen Tee", "20.00")


@pytest.fixture
def gold_member_api(customer_api, customer_user, gold_tier, silver_tier):
    make_member(customer_user, tier=gold_tier)
    return customer_api


def _set_price(variant, tier, amount):
    return MemberPrice.objects.create(
        variant=variant, tier=tier, price_amount=Decimal(amount), currency="USD"
    )


def _buy(api, shop, lines, email):
    """Checkout total, payment, order lines and order total of one real checkout."""
    checkout_id = create_checkout(api, lines, email=email)
    checkout_total = ship_and_pay(api, checkout_id, shop.shipping_method, email=email)
    result = complete_checkout(api, checkout_id)
    assert result["errors"] == []
    from saleor.order.models import Order

    order = Order.objects.get(pk=graphene.Node.from_global_id(result["order"]["id"])[1])
    payment = order.payments.get()
    return {
        "checkout_total": Decimal(str(checkout_total)),
        "payment": payment.total,
        "captured": payment.captured_amount,
        "unit_prices": [line.unit_price_gross_amount for line in order.lines.order_by("pk")],
        "order_total": order.total_gross_amount,
    }


def _charged(unit, quantity=2, shipping="10.00"):
    total = Decimal(unit) * quantity + Decimal(shipping)
    return {"checkout_total": total, "payment": total, "captured": total,
            "unit_prices": [Decimal(unit)], "order_total": total}


@pytest.fixture
def priced_tee(tee, gold_tier, silver_tier):
    _set_price(tee, gold_tier, "15.00")
    _set_price(tee, silver_tier, "17.00")
    return tee


def test_gold_member_is_charged_the_gold_price_everywhere(gold_member_api, shop, priced_tee):
    charged = _buy(gold_member_api, shop, [(priced_tee, 2)], "customer@example.com")

    assert charged == _charged("15.00")


def test_non_member_and_guest_pay_the_shop_price(other_customer_api, api_client, shop, priced_tee):
    assert _buy(other_customer_api, shop, [(priced_tee, 2)], "other@example.com") == _charged("20.00")
    assert _buy(api_client, shop, [(priced_tee, 2)], "guest@example.com") == _charged("20.00")


def test_member_price_shown_on_the_variant_agrees_with_checkout(
    gold_member_api, other_customer_api, api_client, priced_tee
):
    variables = {"id": gid("ProductVariant", priced_tee)}

    def shown(api):
        return api.query(VARIANT_MEMBER_PRICE, variables)["productVariant"]["memberPrice"]

    assert shown(gold_member_api) == {"amount": 15.0, "currency": "USD"}
    assert shown(other_customer_api) is None
    assert shown(api_client) is None


def test_checkout_lines_subtotal_and_total_show_the_member_price(gold_member_api, shop, priced_tee):
    checkout_id = create_checkout(gold_member_api, [(priced_tee, 3)])
    ship_and_pay(gold_member_api, checkout_id, shop.shipping_method)
    token = graphene.Node.from_global_id(checkout_id)[1]

    checkout = gold_member_api.query(CHECKOUT_TOTALS, {"token": token})["checkout"]

    assert checkout == {
        "lines": [{"totalPrice": {"gross": {"amount": 45.0}}}],
        "subtotalPrice": {"gross": {"amount": 45.0}},
        "totalPrice": {"gross": {"amount": 55.0}},
    }


def test_a_member_pays_the_lowest_price_of_their_tier_and_the_tiers_below(
    gold_member_api, shop, tee, silver_tier
):
    _set_price(tee, silver_tier, "17.00")

    assert _buy(gold_member_api, shop, [(tee, 2)], "customer@example.com") == _charged("17.00")


def test_a_price_for_a_higher_tier_does_not_apply_below_it(customer_user, silver_tier, shop, tee, gold_tier):
    _set_price(tee, gold_tier, "15.00")
    make_member(customer_user, tier=silver_tier)
    api = ApiClient().login(customer_user.email, PASSWORD)

    assert _buy(api, shop, [(tee, 2)], "customer@example.com") == _charged("20.00")


@pytest.mark.parametrize(
    "discount, expected_unit",
    [
        ("30", "14.00"),  # 30% off 20.00 beats the 15.00 member price
        ("20", "15.00"),  # 20% off gives 16.00: the member price wins; never both (12.00)
    ],
)
def test_member_price_and_tier_discount_do_not_stack(
    gold_member_api, shop, priced_tee, gold_tier, discount, expected_unit
):
    Tier.objects.filter(pk=gold_tier.pk).update(discount_percent=Decimal(discount))

    assert _buy(gold_member_api, shop, [(priced_tee, 2)], "customer@example.com") == _charged(expected_unit)


def test_tier_discount_applies_to_variants_without_a_member_price(gold_member_api, shop, tee, gold_tier):
    Tier.objects.filter(pk=gold_tier.pk).update(discount_percent=Decimal("10"))

    assert _buy(gold_member_api, shop, [(tee, 2)], "customer@example.com") == _charged("18.00")


@pytest.mark.parametrize("sale_percent, expected_unit", [(10, "15.00"), (50, "10.00")])
def test_saleor_sales_and_member_prices_give_the_lower_price(
    gold_member_api, shop, priced_tee, sale_percent, expected_unit
):
    sale = Sale.objects.create(name="Sale", type=DiscountValueType.PERCENTAGE, value=sale_percent)
    sale.products.add(priced_tee.product)

    assert _buy(gold_member_api, shop, [(priced_tee, 2)], "customer@example.com") == _charged(expected_unit)


def test_staff_order_for_a_member_uses_the_member_price(customer_user, gold_tier, priced_tee, shop):
    make_member(customer_user, tier=gold_tier)
    staff = grant(create_customer("orders@example.com", is_staff=True), "manage_orders")
    staff_api = ApiClient().login(staff.email, PASSWORD)

    result = staff_api.query(DRAFT_CREATE, {"input": {
        "user": gid("User", customer_user),
        "lines": [{"variantId": gid("ProductVariant", priced_tee), "quantity": 2}],
    }})["draftOrderCreate"]

    assert result["orderErrors"] == []
    assert result["order"]["lines"] == [{"unitPrice": {"gross": {"amount": 15.0}}}]
    assert result["order"]["subtotal"] == {"gross": {"amount": 30.0}}


def test_staff_sets_and_changes_a_member_price(manage_products_api, tee, gold_tier):
    variables = {"variant": gid("ProductVariant", tee), "tier": gid("LoyaltyTier", gold_tier)}

    first = manage_products_api.query(SET_PRICE, {**variables, "price": "15.50"})["loyaltyMemberPriceSet"]
    second = manage_products_api.query(SET_PRICE, {**variables, "price": "14"})["loyaltyMemberPriceSet"]

    assert first["errors"] == [] and first["price"] == {"amount": 15.5, "currency": "USD"}
    assert second["tier"] == {"name": "Gold"} and second["price"]["amount"] == 14.0
    assert list(MemberPrice.objects.values_list("price_amount", flat=True)) == [Decimal("14.000")]


def test_staff_deletes_a_member_price(manage_products_api, priced_tee, gold_tier):
    variables = {"variant": gid("ProductVariant", priced_tee), "tier": gid("LoyaltyTier", gold_tier)}

    assert manage_products_api.query(DELETE_PRICE, variables)["loyaltyMemberPriceDelete"]["errors"] == []
    again = manage_products_api.query(DELETE_PRICE, variables)["loyaltyMemberPriceDelete"]["errors"]

    assert again == [{"field": "tier", "code": "NOT_FOUND"}]
    assert not MemberPrice.objects.filter(tier=gold_tier).exists()


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"price": "0"}, [("price", "INVALID")]),
        ({"price": "-5"}, [("price", "INVALID")]),
        ({"price": "NaN"}, [("price", "INVALID")]),
        ({"price": "1e12"}, [("price", "INVALID")]),
        ({"variant": graphene.Node.to_global_id("ProductVariant", 987654)}, [("variant", "NOT_FOUND")]),
        ({"tier": graphene.Node.to_global_id("LoyaltyTier", 987654)}, [("tier", "NOT_FOUND")]),
        ({"variant": "not-an-id"}, [("variant", "NOT_FOUND")]),
        ({"tier": "tier-as-variant"}, [("tier", "NOT_FOUND")]),
        ({"currency": "EUR"}, [("currency", "INVALID")]),
        ({"currency": "not a currency"}, [("currency", "INVALID")]),
    ],
)
def test_bad_member_price_input_is_refused_with_codes(manage_products_api, tee, gold_tier, change, expected):
    variables = {"variant": gid("ProductVariant", tee), "tier": gid("LoyaltyTier", gold_tier), "price": "9"}
    if change.get("tier") == "tier-as-variant":
        change = {"tier": gid("ProductVariant", tee)}
    variables.update(change)

    errors = manage_products_api.query(SET_PRICE, variables)["loyaltyMemberPriceSet"]["errors"]

    assert [(e["field"], e["code"]) for e in errors] == expected
    assert not MemberPrice.objects.exists()


def test_member_prices_need_manage_products(staff_api, customer_api, api_client, tee, gold_tier):
    variables = {"variant": gid("ProductVariant", tee), "tier": gid("LoyaltyTier", gold_tier), "price": "9"}

    for api in (staff_api, customer_api, api_client):
        errors = api.query(SET_PRICE, variables)["loyaltyMemberPriceSet"]["errors"]
        assert [e["code"] for e in errors] == ["PERMISSION_DENIED"]
    assert not MemberPrice.objects.exists()


CATALOGUE = """
{ products(first: 20) { edges { node {
    loyalty { memberOnly purchasable }
    variants { memberPrice { amount } }
} } } }
"""


def test_catalogue_with_member_prices_reads_a_constant_number_of_queries(
    gold_member_api, shop, gold_tier
):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            edges = gold_member_api.query(CATALOGUE)["products"]["edges"]
        return len(edges), len(queries)

    def add_products(start, stop):
        for i in range(start, stop):
            _set_price(shop.add_variant(f"Product {i}", "10.00"), gold_tier, "8.00")

    add_products(0, 3)
    few = count_queries()
    add_products(3, 20)
    many = count_queries()

    assert few[0] == 3 and many[0] == 20
    assert many[1] == few[1]


VARIANT_MEMBER_PRICES = """
query($id: ID!) {
  productVariant(id: $id) { loyaltyMemberPrices { tier { name } price { amount currency } } }
}
"""


def test_staff_read_every_tiers_member_price_of_a_variant(manage_products_api, priced_tee):
    variant = manage_products_api.query(VARIANT_MEMBER_PRICES, {"id": gid("ProductVariant", priced_tee)})

    assert variant["productVariant"]["loyaltyMemberPrices"] == [
        {"tier": {"name": "Silver"}, "price": {"amount": 17.0, "currency": "USD"}},
        {"tier": {"name": "Gold"}, "price": {"amount": 15.0, "currency": "USD"}},
    ]


def test_member_prices_of_a_variant_are_hidden_without_manage_products(staff_api, gold_member_api, priced_tee):
    for api in (staff_api, gold_member_api):
        response = api.post(VARIANT_MEMBER_PRICES, {"id": gid("ProductVariant", priced_tee)})

        assert response["data"]["productVariant"]["loyaltyMemberPrices"] is None
        assert "permission" in response["errors"][0]["message"]
