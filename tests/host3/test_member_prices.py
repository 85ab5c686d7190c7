"""Member prices on Saleor 3: stored on the checkout lines, so every tax strategy, channel
and currency charges what `memberPrice` shows; guests and other customers pay the shop's
price; draft orders staff create for a member carry it too."""
from decimal import Decimal

import pytest
from saleor.checkout.models import Checkout
from saleor.discount import PromotionType, RewardValueType
from saleor.discount.models import Promotion
from saleor.order.models import Order
from saleor.product.models import Product
from saleor.product.utils.variant_prices import update_discounted_prices_for_promotion
from saleor.tax.models import TaxClassCountryRate, TaxConfiguration

from saleor_loyalty.catalogue.models import MemberPrice
from saleor_loyalty.members.models import Member
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.checkout import CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS
from tests.fixtures.hosts.saleor3.shop import LONG_AGO
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import PASSWORD, create_customer, grant
from tests.host3.shop_driver import checkout_with, complete_checkout, signed_in

# add_product's shop prices: 20.00 USD in default-channel, 80.00 PLN in channel-pln.
MEMBER_PRICES = {"default-channel": ("USD", Decimal("15.00")), "channel-pln": ("PLN", Decimal("60.00"))}

CHECKOUT_TOTALS = """
query($id: ID!) {
  checkout(id: $id) {
    lines { unitPrice { gross { amount } } totalPrice { gross { amount } } }
    totalPrice { gross { amount currency } net { amount } }
  }
}
"""
MEMBER_PRICE = """
query($id: ID!, $channel: String!) {
  productVariant(id: $id, channel: $channel) { memberPrice { amount currency } }
}
"""
ATTACH = """
mutation($id: ID!) {
  checkoutCustomerAttach(id: $id) { errors { field code message } }
}
"""
SET_PRICE = """
mutation($variant: ID!, $tier: ID!, $price: Decimal!, $currency: String) {
  loyaltyMemberPriceSet(variant: $variant, tier: $tier, price: $price, currency: $currency) {
    price { amount currency }
    errors { field code }
  }
}
"""
DRAFT_CREATE = """
mutation($input: DraftOrderCreateInput!) {
  draftOrderCreate(input: $input) { order { id } errors { field code message } }
}
"""
ORDER_PRICES = """
query($id: ID!) {
  order(id: $id) { lines { unitPrice { gross { amount } } } total { gross { amount } } }
}
"""


@pytest.fixture
def book(shop, tiers):
    """A book (no shipping) with Silver prices in both channels' currencies."""
    variant = shop.add_product("Dune")
    for currency, price in MEMBER_PRICES.values():
        MemberPrice.objects.create(variant=variant, tier=tiers["silver"], price_amount=price,
                                   currency=currency)
    shop.allow_unpaid_orders()
    return variant


@pytest.fixture
def silver(customer_user, tiers):
    make_member(customer_user, tier=tiers["silver"])
    return customer_user


def _totals(api, checkout):
    return api.query(CHECKOUT_TOTALS, id=checkout["id"])["checkout"]


def _place(api, checkout) -> Order:
    answer = complete_checkout(api, checkout)
    assert answer["errors"] == [], answer["errors"]
    return Order.objects.get(number=answer["order"]["number"])


@pytest.mark.parametrize("channel", list(MEMBER_PRICES))
def test_silver_member_sees_and_pays_the_silver_price_in_each_channel(shop, book, silver, channel):
    currency, price = MEMBER_PRICES[channel]
    api = signed_in(silver)
    shown = api.query(MEMBER_PRICE, id=gid("ProductVariant", book), channel=channel)
    checkout = checkout_with(api, channel, book, quantity=2)

    totals = _totals(api, checkout)
    order = _place(api, checkout)

    assert shown["productVariant"]["memberPrice"] == {"amount": float(price), "currency": currency}
    assert totals["lines"] == [{"unitPrice": {"gross": {"amount": float(price)}},
                                "totalPrice": {"gross": {"amount": float(price * 2)}}}]
    assert totals["totalPrice"]["gross"] == {"amount": float(price * 2), "currency": currency}
    line = order.lines.get()
    assert (line.unit_price_gross_amount, order.total_gross_amount) == (price, price * 2)


def test_guest_and_non_member_pay_the_shop_price(shop, api_client, book, customer_user):
    guest_checkout = checkout_with(api_client, "channel-pln", book, quantity=2)
    customer = signed_in(create_customer("plain@example.com"))
    customer_checkout = checkout_with(customer, "channel-pln", book, quantity=2)

    assert _totals(api_client, guest_checkout)["totalPrice"]["gross"]["amount"] == 160.0
    assert _totals(customer, customer_checkout)["totalPrice"]["gross"]["amount"] == 160.0
    assert _place(customer, customer_checkout).total_gross_amount == Decimal("160.00")
    shown = customer.query(MEMBER_PRICE, id=gid("ProductVariant", book), channel="channel-pln")
    assert shown["productVariant"]["memberPrice"] is None


def test_member_price_holds_under_flat_rate_taxes(shop, saleor_api, book, silver):
    pln = shop.channels["channel-pln"]
    TaxConfiguration.objects.filter(channel=pln).update(
        charge_taxes=True, tax_calculation_strategy="FLAT_RATES", prices_entered_with_tax=True)
    TaxClassCountryRate.objects.create(country="PL", rate=Decimal(23), tax_class=None)
    api = signed_in(silver)
    checkout = checkout_with(api, "channel-pln", book, quantity=2)

    total = _totals(api, checkout)["totalPrice"]
    order = _place(api, checkout)

    assert total["gross"]["amount"] == 120.0
    assert total["net"]["amount"] == pytest.approx(97.56, abs=0.01)
    assert order.total_gross_amount == Decimal("120.00")


def test_lines_added_before_sign_in_get_the_member_price_once_the_checkout_is_attached(
        shop, saleor_api, book, silver):
    checkout = checkout_with(saleor_api, "default-channel", book, quantity=2)
    api = signed_in(silver)

    assert api.query(ATTACH, id=checkout["id"])["checkoutCustomerAttach"]["errors"] == []

    assert _totals(api, checkout)["totalPrice"]["gross"]["amount"] == 30.0
    assert _place(api, checkout).total_gross_amount == Decimal("30.00")


def test_downgraded_members_open_checkout_is_repriced_before_the_order_is_placed(shop, book, silver):
    api = signed_in(silver)
    checkout = checkout_with(api, "default-channel", book, quantity=2)
    Member.objects.filter(user=silver).update(tier=None)

    refused = api.query(CHECKOUT_COMPLETE_WITH_LOYALTY_ERRORS,
                        checkoutId=checkout["id"])["checkoutComplete"]

    assert refused["order"] is None
    assert [(error["field"], error["code"]) for error in refused["loyaltyErrors"]] == [
        ("lines", "PRICES_CHANGED")]
    assert _totals(api, checkout)["totalPrice"]["gross"]["amount"] == 40.0
    assert _place(api, checkout).total_gross_amount == Decimal("40.00")


def test_a_price_set_on_a_line_by_an_app_is_left_alone(shop, saleor_api, book, silver):
    api = signed_in(silver)
    checkout = checkout_with(api, "default-channel", book, quantity=1)
    Checkout.objects.get().lines.update(price_override=Decimal("5.00"), price_override_reason=None)
    Checkout.objects.update(price_expiration="2000-01-01T00:00:00Z")

    assert _place(api, checkout).total_gross_amount == Decimal("5.00")


def test_draft_order_staff_create_for_a_member_carries_the_member_price(shop, book, silver):
    staff = ApiClient().login(
        grant(create_customer("orders@example.com", is_staff=True), "manage_orders").email,
        PASSWORD)
    answer = staff.query(DRAFT_CREATE, input={
        "user": gid("User", silver), "channelId": gid("Channel", shop.channels["channel-pln"]),
        "lines": [{"variantId": gid("ProductVariant", book), "quantity": 2}],
    })["draftOrderCreate"]

    assert answer["errors"] == []
    draft = staff.query(ORDER_PRICES, id=answer["order"]["id"])["order"]
    assert draft["lines"] == [{"unitPrice": {"gross": {"amount": 60.0}}}]
    assert draft["total"]["gross"]["amount"] == 120.0


def test_staff_set_a_member_price_per_currency_the_shop_sells_in(shop, book, tiers, staff_with_products):
    staff = ApiClient().login(staff_with_products.email, PASSWORD)
    variables = {"variant": gid("ProductVariant", book), "tier": gid("LoyaltyTier", tiers["gold"]),
                 "price": "55.50"}

    in_pln = staff.query(SET_PRICE, currency="pln", **variables)["loyaltyMemberPriceSet"]
    in_yen = staff.query(SET_PRICE, currency="JPY", **variables)["loyaltyMemberPriceSet"]
    default = staff.query(SET_PRICE, **variables)["loyaltyMemberPriceSet"]

    assert in_pln == {"price": {"amount": 55.5, "currency": "PLN"}, "errors": []}
    assert in_yen == {"price": None, "errors": [{"field": "currency", "code": "INVALID"}]}
    assert default["price"] == {"amount": 55.5, "currency": "USD"}
    assert set(MemberPrice.objects.filter(tier=tiers["gold"]).values_list("currency", flat=True)) == {
        "PLN", "USD"}


def test_shop_promotion_applies_to_the_member_price_as_shown_and_charged(shop, book, silver):
    promotion = Promotion.objects.create(name="Summer", type=PromotionType.CATALOGUE,
                                         start_date=LONG_AGO)
    rule = promotion.rules.create(
        catalogue_predicate={"variantPredicate": {"ids": [gid("ProductVariant", book)]}},
        reward_value_type=RewardValueType.PERCENTAGE, reward_value=Decimal(10))
    rule.channels.add(shop.channel)
    rule.variants.add(book)
    update_discounted_prices_for_promotion(Product.objects.filter(pk=book.product_id))
    api = signed_in(silver)

    shown = api.query(MEMBER_PRICE, id=gid("ProductVariant", book), channel="default-channel")
    checkout = checkout_with(api, "default-channel", book, quantity=2)

    # The shop price is 20.00 - 10 % = 18.00; the member's 15.00 - 10 % = 13.50.
    assert shown["productVariant"]["memberPrice"] == {"amount": 13.5, "currency": "USD"}
    assert _totals(api, checkout)["totalPrice"]["gross"]["amount"] == 27.0
    assert _place(api, checkout).total_gross_amount == Decimal("27.00")
