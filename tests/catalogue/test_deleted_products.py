"""Products and variants staff delete through Saleor's own mutations while the program
uses them (member prices, member-only products, a tier sold as a product): every read
still answers, and what the members hold stays theirs."""
from decimal import Decimal

import graphene
import pytest
from saleor.product.models import ProductType

from saleor_loyalty.catalogue.models import MemberPrice, ProductAccess
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.checkout import create_checkout
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import PASSWORD, create_customer

PRODUCT_DELETE = """
mutation($id: ID!) { productDelete(id: $id) { productErrors { field code message } } }
"""
VARIANT_DELETE = """
mutation($id: ID!) { productVariantDelete(id: $id) { productErrors { field code message } } }
"""
TIER_DELETE = "mutation($id: ID!) { loyaltyTierDelete(id: $id) { errors { field code message } } }"
SHOP_READS = """
query($checkout: UUID!) {
  products(first: 20) { edges { node { name loyalty { memberOnly minimumTier { name } }
                                       variants { memberPrice { amount } } } } }
  loyaltyExclusiveProducts(first: 10) { edges { node { name } } }
  loyaltyProgram { tiers { name price { amount } durationDays paidVariant { id } } }
  me { loyalty { tier { name } paidTierUntil } }
  checkout(token: $checkout) { lines { variant { name memberPrice { amount } } }
                               totalPrice { gross { amount } } }
}
"""
STAFF_READS = """
{ products(first: 20) { edges { node { name variants { loyaltyMemberPrices { tier { name } } } } } } }
"""


def _membership_variant(shop, name):
    """A variant of a product type that needs no shipping, stocked: a tier to sell."""
    variant = shop.add_variant(name, "49.00")
    variant.product.product_type = ProductType.objects.create(
        name="Membership", slug="membership", has_variants=False, is_shipping_required=False)
    variant.product.save(update_fields=["product_type"])
    return variant


def _ok(api, mutation, variables, name, errors="productErrors"):
    result = api.query(mutation, variables)[name]
    assert result[errors] == [], result[errors]
    return result


def _reads(api, checkout_id):
    token = graphene.Node.from_global_id(checkout_id)[1]
    content = api.post(SHOP_READS, {"checkout": token})
    assert "errors" not in content, content["errors"]
    return content["data"]


@pytest.fixture
def gold_api(gold_tier, silver_tier):
    make_member(create_customer("gold@example.com"), tier=gold_tier)
    return ApiClient().login("gold@example.com", PASSWORD)


def test_deleting_variants_and_products_with_member_prices_or_member_only_leaves_every_read_working(
    gold_api, gold_tier, manage_products_api, manage_users_api, shop
):
    # given a tee with a Gold price, and a Gold-only jacket (the tier's last member-only
    # product) with a Gold price, both in the member's checkout
    tee = shop.add_variant("Linen Tee", "20.00")
    jacket = shop.add_variant("Gold Jacket", "120.00")
    for variant, price in ((tee, "15.00"), (jacket, "100.00")):
        MemberPrice.objects.create(variant=variant, tier=gold_tier, price_amount=Decimal(price),
                                   currency="USD")
    ProductAccess.objects.create(product=jacket.product, minimum_tier=gold_tier)
    checkout_id = create_checkout(gold_api, [(tee, 1), (jacket, 1)], email="gold@example.com")
    before = _reads(gold_api, checkout_id)

    # when staff delete the tee's variant and the jacket's product
    _ok(manage_products_api, VARIANT_DELETE, {"id": gid("ProductVariant", tee)}, "productVariantDelete")
    _ok(manage_products_api, PRODUCT_DELETE, {"id": gid("Product", jacket.product)}, "productDelete")

    # then every read answers, without them
    after = _reads(gold_api, checkout_id)
    assert len(before["products"]["edges"]) == 2
    assert before["loyaltyExclusiveProducts"]["edges"] == [{"node": {"name": "Gold Jacket"}}]
    assert after["loyaltyExclusiveProducts"]["edges"] == []
    assert [e["node"]["name"] for e in after["products"]["edges"]] == ["Linen Tee"]
    assert after["products"]["edges"][0]["node"]["variants"] == []
    assert after["checkout"]["lines"] == []
    assert not MemberPrice.objects.exists() and not ProductAccess.objects.exists()
    assert "errors" not in manage_products_api.post(STAFF_READS)
    # and the tier no member-only product needs any more can be removed
    result = _ok(manage_users_api, TIER_DELETE, {"id": gid("LoyaltyTier", gold_tier)},
                 "loyaltyTierDelete", "errors")
    assert result["errors"] == []
    assert not Tier.objects.filter(pk=gold_tier.pk).exists()


def test_deleting_the_product_a_tier_is_sold_as_keeps_what_members_bought(
    customer_api, member, gold_tier, manage_products_api, order_placer, order_desk, shop
):
    # given Gold sold as a 30-day membership, bought by the member
    membership = _membership_variant(shop, "Gold membership")
    Tier.objects.filter(pk=gold_tier.pk).update(paid_variant=membership, paid_duration_days=30)
    order = order_placer(customer_api, [(membership, 1)])
    checkout_id = create_checkout(customer_api, [(shop.add_variant("Shirt", "25.00"), 1)])

    # when staff delete the membership's product
    _ok(manage_products_api, PRODUCT_DELETE, {"id": gid("Product", membership.product)},
        "productDelete")

    # then Gold is no longer for sale, and the member keeps it to its end date
    data = _reads(customer_api, checkout_id)
    gold = next(t for t in data["loyaltyProgram"]["tiers"] if t["name"] == "Gold")
    assert gold == {"name": "Gold", "price": None, "durationDays": None, "paidVariant": None}
    assert data["me"]["loyalty"]["tier"] == {"name": "Gold"}
    assert data["me"]["loyalty"]["paidTierUntil"] is not None
    # and refunding what was bought still takes it back
    order_desk.refund(order, "49.00")
    member.refresh_from_db()
    assert member.paid_tier_until is None
    assert member.tier.name == "Member"
