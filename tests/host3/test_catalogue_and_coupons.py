"""The Saleor 3 adapter's catalogue, checkout reads, member coupons, e-mails and member-only
visibility, against Saleor 3's real models, checkout and GraphQL API."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from prices import Money
from saleor.checkout.models import Checkout
from saleor.order.models import Order
from saleor.product.models import ProductChannelListing, ProductVariantChannelListing
from saleor.warehouse.models import Stock

from saleor_loyalty.catalogue.member_only import set_member_only
from saleor_loyalty.host import checkout as host_checkout
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host import products as host_products
from saleor_loyalty.host.emails import send_email
from saleor_loyalty.host.products import PurchaseProblem
from tests.fixtures.hosts.saleor3.shop import PRICES, SHOP_SENDER
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import create_customer
from tests.host3.shop_driver import (
    add_promo_code,
    catalogue_seen,
    checkout_with,
    complete_checkout,
    create_checkout,
    signed_in,
)

CHANNEL_SLUGS = list(PRICES)


@pytest.fixture(autouse=True)
def unpaid_orders(shop):
    """These checkouts are about the catalogue and vouchers, not money: they complete unpaid."""
    shop.allow_unpaid_orders()


def terms(value=Decimal(5), value_type=None, minimum_spend=None, product_id=None):
    now = timezone.now()
    return host_discounts.VoucherTerms(
        name="Welcome", value_type=value_type or host_discounts.FIXED, value=value,
        valid_from=now - timedelta(minutes=1), valid_until=now + timedelta(days=1),
        minimum_spend=minimum_spend, product_id=product_id,
    )


# --- member coupons as Saleor 3 vouchers -------------------------------------------


@pytest.mark.parametrize("channel", CHANNEL_SLUGS)
def test_member_coupon_takes_its_value_off_a_checkout_in_every_channel(shop, saleor_api, channel):
    variant = shop.add_product("Dune")
    host_discounts.create_voucher("WELCOME5ABCD", terms(Decimal(5)))
    checkout = checkout_with(saleor_api, channel, variant, quantity=2)

    answer = add_promo_code(saleor_api, checkout, "WELCOME5ABCD")

    assert answer["errors"] == []
    currency = shop.channels[channel].currency_code
    assert answer["checkout"]["voucherCode"] == "WELCOME5ABCD"
    assert answer["checkout"]["discount"] == {"amount": 5.0, "currency": currency}
    assert answer["checkout"]["totalPrice"]["gross"]["amount"] == float(PRICES[channel] * 2 - 5)


def test_percentage_coupon_takes_its_share_in_each_channels_currency(shop, saleor_api):
    variant = shop.add_product("Dune")
    host_discounts.create_voucher("TENPERCENTAB", terms(Decimal(10), host_discounts.PERCENTAGE))

    discounts = {
        channel: add_promo_code(saleor_api, checkout_with(saleor_api, channel, variant),
                                "TENPERCENTAB")["checkout"]["discount"]["amount"]
        for channel in CHANNEL_SLUGS
    }

    assert discounts == {"default-channel": 2.0, "channel-pln": 8.0}


def test_coupon_minimum_spend_is_the_same_amount_in_each_channels_currency(shop, saleor_api):
    variant = shop.add_product("Dune")  # 20 USD, 80 PLN
    host_discounts.create_voucher("FROMFIFTYABC", terms(Decimal(5), minimum_spend=Decimal(50)))

    in_usd = add_promo_code(saleor_api, checkout_with(saleor_api, "default-channel", variant),
                            "FROMFIFTYABC")
    in_pln = add_promo_code(saleor_api, checkout_with(saleor_api, "channel-pln", variant),
                            "FROMFIFTYABC")

    assert [e["code"] for e in in_usd["errors"]] == ["VOUCHER_NOT_APPLICABLE"]
    assert in_pln["errors"] == [] and in_pln["checkout"]["voucherCode"] == "FROMFIFTYABC"


def test_product_coupon_takes_one_unit_of_its_product_off(shop, saleor_api):
    variant = shop.add_product("Dune")
    host_discounts.create_voucher(
        "FREEDUNEABCD",
        terms(Decimal(100), host_discounts.PERCENTAGE, product_id=variant.product_id),
    )
    checkout = checkout_with(saleor_api, "channel-pln", variant, quantity=3)

    answer = add_promo_code(saleor_api, checkout, "FREEDUNEABCD")

    assert answer["errors"] == []
    assert answer["checkout"]["totalPrice"]["gross"]["amount"] == 160.0
    assert host_discounts.voucher_ids_for_products([variant.product_id]) == {
        host_discounts.voucher_id_for_code("FREEDUNEABCD")
    }


def _insert_vouchers(codes, value, minimum_spend=None):
    now = timezone.now()
    rows = ", ".join(["(%s::varchar)"] * len(codes))
    sql = f"""
        WITH source AS (SELECT * FROM (VALUES {rows}) AS t(code)),
        fresh AS (
            SELECT s.code, 'birthday:' || s.code AS occasion, 'Birthday'::varchar AS name,
                   %s::varchar AS value_type,
                   %s::numeric AS value, %s::numeric AS minimum_spend,
                   %s::timestamptz AS valid_from, %s::timestamptz AS valid_until
            FROM source s
        ),
        {host_discounts.insert_vouchers_sql("fresh")}
        SELECT id, code FROM vouchers ORDER BY code
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*codes, host_discounts.FIXED, value, minimum_spend,
                             now - timedelta(minutes=1), now + timedelta(days=1)])
        return cursor.fetchall()


def test_vouchers_inserted_in_bulk_are_coupons_saleor_checkout_accepts(shop, saleor_api):
    variant = shop.add_product("Dune")

    inserted = _insert_vouchers(["BULKAAAAAAAA", "BULKBBBBBBBB"], Decimal(3))

    assert [code for _id, code in inserted] == ["BULKAAAAAAAA", "BULKBBBBBBBB"]
    assert [host_discounts.voucher_id_for_code(code) for _id, code in inserted] == [
        voucher_id for voucher_id, _code in inserted
    ]
    for channel in CHANNEL_SLUGS:
        for _id, code in inserted:
            answer = add_promo_code(saleor_api, checkout_with(saleor_api, channel, variant), code)
            assert answer["errors"] == []
            assert answer["checkout"]["discount"]["amount"] == 3.0


def test_ended_coupon_is_refused_by_saleor_checkout(shop, saleor_api):
    variant = shop.add_product("Dune")
    voucher = host_discounts.create_voucher("ENDEDABCDEFG", terms())
    ended_earlier = host_discounts.create_voucher("ENDEDEARLIER", terms())
    host_discounts.end_vouchers([ended_earlier.pk], timezone.now() - timedelta(seconds=1))

    changed = host_discounts.end_vouchers([voucher.pk, ended_earlier.pk], timezone.now())

    assert changed == 1
    for channel in CHANNEL_SLUGS:
        answer = add_promo_code(saleor_api, checkout_with(saleor_api, channel, variant),
                                "ENDEDABCDEFG")
        assert [(e["field"], e["code"]) for e in answer["errors"]] == [("promoCode", "INVALID")]


def test_coupon_is_used_once_and_its_use_is_counted(shop, saleor_api, customer_user):
    variant = shop.add_product("Gift box", stock=None)
    voucher = host_discounts.create_voucher("ONCEONLYABCD", terms(Decimal(5)))
    api = signed_in(customer_user)
    checkout = checkout_with(api, "default-channel", variant)
    add_promo_code(api, checkout, "ONCEONLYABCD")
    assert host_discounts.voucher_ids_with_uses([voucher.pk]) == set()
    token = Checkout.objects.get().token
    assert host_discounts.checkout_owner_and_voucher(token) == (customer_user.pk, "ONCEONLYABCD")

    completed = complete_checkout(api, checkout)

    assert completed["errors"] == []
    order = Order.objects.get()
    assert order.voucher_id == voucher.pk
    assert host_checkout.order_variant_ids(order) == [variant.pk]
    assert host_discounts.voucher_ids_with_uses([voucher.pk]) == {voucher.pk}
    again = add_promo_code(api, checkout_with(api, "default-channel", variant), "ONCEONLYABCD")
    assert [e["code"] for e in again["errors"]] == ["INVALID"]


def test_voucher_codes_fit_saleor_and_are_found_with_surrounding_spaces(shop):
    code = "A" * host_discounts.CODE_LENGTH
    voucher = host_discounts.create_voucher(code, terms())

    assert host_discounts.voucher_id_for_code(f"  {code} ") == voucher.pk
    assert host_discounts.voucher_id_for_code("UNKNOWNCODE1") is None
    assert host_discounts.voucher_id_for_code("") is None


# --- checkout reads -----------------------------------------------------------------


def test_checkout_variants_are_read_by_the_checkout_token(shop, saleor_api):
    dune = shop.add_product("Dune")
    checkout = checkout_with(saleor_api, "channel-pln", dune)

    token = Checkout.objects.get().token
    assert list(host_checkout.checkout_variants(token)) == [dune.pk]
    assert host_checkout.checkout_variant_ids(Checkout.objects.get()) == [dune.pk]
    assert checkout["token"] == str(token)


def test_variant_prices_are_read_in_the_channel(shop):
    dune = shop.add_product("Dune")
    usd_only = shop.add_product("Emma", prices={"default-channel": Decimal("12.50")})

    assert host_products.variant_prices([dune.pk, usd_only.pk]) == {
        dune.pk: Money(Decimal("20.00"), "USD"), usd_only.pk: Money(Decimal("12.50"), "USD"),
    }
    assert host_products.variant_prices([dune.pk, usd_only.pk], "channel-pln") == {
        dune.pk: Money(Decimal("80.00"), "PLN"),
    }


# --- what stops Saleor 3's checkout from selling a variant ---------------------------


def _unpublish(variant):
    ProductChannelListing.objects.filter(product=variant.product).update(is_published=False)


def _publish_tomorrow(variant):
    ProductChannelListing.objects.filter(product=variant.product).update(
        published_at=timezone.now() + timedelta(days=1))


def _not_available(variant):
    ProductChannelListing.objects.filter(product=variant.product).update(
        available_for_purchase_at=None)


def _available_tomorrow(variant):
    ProductChannelListing.objects.filter(product=variant.product).update(
        available_for_purchase_at=timezone.now() + timedelta(days=1))


def _no_price(variant):
    ProductVariantChannelListing.objects.filter(variant=variant).update(price_amount=None)


def _no_stock(variant):
    Stock.objects.filter(product_variant=variant).delete()


def _sold_out(variant):
    Stock.objects.filter(product_variant=variant).update(quantity=0)


@pytest.mark.parametrize("break_it, problem, saleor_refusal", [
    (_unpublish, "UNPUBLISHED", "PRODUCT_NOT_PUBLISHED"),
    (_not_available, "NOT_AVAILABLE_FOR_PURCHASE", "PRODUCT_UNAVAILABLE_FOR_PURCHASE"),
    (_available_tomorrow, "NOT_AVAILABLE_FOR_PURCHASE", "PRODUCT_UNAVAILABLE_FOR_PURCHASE"),
    (_no_price, "NO_PRICE", "UNAVAILABLE_VARIANT_IN_CHANNEL"),
    (_no_stock, "NO_STOCK", "INSUFFICIENT_STOCK"),
    (_sold_out, "SOLD_OUT", "INSUFFICIENT_STOCK"),
])
def test_purchase_problem_names_what_saleor_checkout_refuses(shop, saleor_api, break_it, problem,
                                                             saleor_refusal):
    variant = shop.add_product("Dune")
    break_it(variant)

    found = {channel: host_products.purchase_problem(variant, channel) for channel in CHANNEL_SLUGS}
    refused = create_checkout(saleor_api, "default-channel", variant)

    assert found == {channel: PurchaseProblem[problem] for channel in CHANNEL_SLUGS}
    assert host_products.purchase_problem(variant) == PurchaseProblem[problem]
    assert refused["checkout"] is None
    assert saleor_refusal in [error["code"] for error in refused["errors"]]


def test_product_published_from_tomorrow_is_not_purchasable_nor_shown(shop, saleor_api):
    variant = shop.add_product("Dune")
    _publish_tomorrow(variant)

    shown = saleor_api.query('{ product(slug: "dune", channel: "default-channel") { id } }')

    assert host_products.purchase_problem(variant) == PurchaseProblem.NOT_YET_PUBLISHED
    assert shown == {"product": None}
    assert host_products.published_products().filter(pk=variant.product_id).exists() is False


def test_purchasable_variants_have_no_problem_and_saleor_sells_them(shop, saleor_api):
    tracked = shop.add_product("Dune")
    untracked = shop.add_product("Gift box", stock=None)
    usd_only = shop.add_product("Emma", prices={"default-channel": Decimal("9.00")})

    for variant in (tracked, untracked):
        for channel in CHANNEL_SLUGS:
            assert host_products.purchase_problem(variant, channel) is None
            assert create_checkout(saleor_api, channel, variant)["errors"] == []
    assert host_products.purchase_problem(usd_only) is None
    assert host_products.purchase_problem(usd_only, "channel-pln") == PurchaseProblem.UNPUBLISHED
    assert set(host_products.published_products("channel-pln")) == {
        tracked.product, untracked.product}


# --- e-mail -------------------------------------------------------------------------


def test_member_email_is_rendered_from_the_plugins_template_and_sent_by_the_shop(shop):
    send_email("welcome", "reader@example.com", {
        "program_name": "Book Club", "first_name": "Seán O'Brien",
        "coupon": {"value": "5.00 USD", "code": "WELCOME5ABCD", "valid_until": None},
    })

    (sent,) = mail.outbox
    assert sent.subject == "Welcome to Book Club"
    assert sent.to == ["reader@example.com"]
    assert sent.from_email == f"{SHOP_SENDER[0]} <{SHOP_SENDER[1]}>"
    assert sent.body.startswith("Hello Seán O'Brien,\n")
    assert "5.00 USD off your next order with the code WELCOME5ABCD." in sent.body
    assert sent.alternatives == []


def test_member_email_with_an_html_block_sends_it_escaped_beside_the_plain_text(shop, settings,
                                                                                 tmp_path):
    folder = tmp_path / "templated_email" / "loyalty"
    folder.mkdir(parents=True)
    (folder / "note.email").write_text(
        "{% block subject %}\n  News for {{ first_name }}\n{% endblock %}"
        "{% block plain %}Hi {{ first_name }} & co{% endblock %}"
        "{% block html %}<p>Hi {{ first_name }}</p>{% endblock %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]

    send_email("note", "reader@example.com", {"first_name": "Tom & <Jerry>"})

    (sent,) = mail.outbox
    assert sent.subject == "News for Tom & <Jerry>"
    assert sent.body == "Hi Tom & <Jerry> & co\n"
    assert sent.alternatives[0][0] == "<p>Hi Tom &amp; &lt;Jerry&gt;</p>"
    assert sent.alternatives[0][1] == "text/html"


# --- member-only products -----------------------------------------------------------

@pytest.mark.parametrize("channel", CHANNEL_SLUGS)
def test_member_only_product_is_hidden_from_guests_and_lower_tiers(shop, saleor_api, tiers,
                                                                  channel):
    open_variant = shop.add_product("Dune")
    exclusive = shop.add_product("Dune Deluxe")
    set_member_only(exclusive.product_id, tiers["gold"])
    silver = create_customer("silver@example.com")
    make_member(silver, tiers["silver"])
    hidden = {
        "products": ["dune"], "search": ["dune"], "product": None, "variant": None,
        "variants": ["DUNE"], "category": ["dune"], "collection": ["dune"],
    }

    assert catalogue_seen(saleor_api, channel, [open_variant, exclusive]) == hidden
    assert catalogue_seen(signed_in(silver), channel, [open_variant, exclusive]) == hidden


@pytest.mark.parametrize("channel", CHANNEL_SLUGS)
def test_member_only_product_is_shown_to_its_tier_and_to_staff(shop, saleor_api, tiers,
                                                              staff_with_products, channel):
    open_variant = shop.add_product("Dune")
    exclusive = shop.add_product("Dune Deluxe")
    set_member_only(exclusive.product_id, tiers["gold"])
    gold = create_customer("gold@example.com")
    make_member(gold, tiers["gold"])
    shown = {
        "products": ["dune", "dune-deluxe"], "search": ["dune", "dune-deluxe"],
        "product": {"slug": "dune-deluxe"}, "variant": {"sku": "DUNE-DELUXE"},
        "variants": ["DUNE", "DUNE-DELUXE"],
        "category": ["dune", "dune-deluxe"], "collection": ["dune", "dune-deluxe"],
    }

    assert catalogue_seen(signed_in(gold), channel, [open_variant, exclusive]) == shown
    assert catalogue_seen(signed_in(staff_with_products), channel,
                           [open_variant, exclusive]) == shown


def test_checkout_complete_refuses_a_member_only_product_in_saleors_errors(shop, saleor_api,
                                                                           tiers, customer_user):
    exclusive = shop.add_product("Dune Deluxe", stock=None)
    set_member_only(exclusive.product_id, tiers["gold"])
    api = signed_in(customer_user)
    checkout = checkout_with(api, "default-channel", exclusive)

    answer = complete_checkout(api, checkout)

    assert answer["order"] is None
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("lines", "INVALID")]
    assert "Gold" in answer["errors"][0]["message"]
    assert not Order.objects.exists()
