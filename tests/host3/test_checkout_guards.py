"""Saleor 3's checkout mutations on the loyalty schema refuse a member-only product of a
higher tier whether the checkout is named by `id` or by `token`, in Saleor's own errors and
in `loyaltyErrors`, and leave the checkout as it was."""
import pytest
from saleor.checkout.models import Checkout

from saleor_loyalty.catalogue.member_only import set_member_only
from tests.fixtures.api import gid
from tests.fixtures.loyalty import make_member
from tests.host3.shop_driver import checkout_with, create_checkout, signed_in

LINES_ADD = """
mutation($id: ID, $token: UUID, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, token: $token, lines: $lines) {
    checkout { lines { variant { sku } } }
    errors { field code }
    loyaltyErrors { field code }
  }
}
"""
LINES_UPDATE = """
mutation($id: ID, $token: UUID, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $id, token: $token, lines: $lines) {
    errors { field code }
    loyaltyErrors { field code }
  }
}
"""
REFUSED = {"errors": [{"field": "lines", "code": "INVALID"}],
           "loyaltyErrors": [{"field": "lines", "code": "TIER_TOO_LOW"}]}


@pytest.fixture
def silver_shopper(shop, tiers, customer_user):
    make_member(customer_user, tiers["silver"])
    return signed_in(customer_user)


@pytest.fixture
def gold_only(shop, tiers):
    variant = shop.add_product("Dune Deluxe")
    set_member_only(variant.product_id, tiers["gold"])
    return variant


def _named(checkout: dict, by: str) -> dict:
    return {"id": checkout["id"]} if by == "id" else {"token": checkout["token"]}


@pytest.mark.parametrize("by", ["id", "token"])
def test_lines_add_refuses_a_higher_tiers_product_by_id_and_by_token(
        shop, silver_shopper, gold_only, by):
    checkout = checkout_with(silver_shopper, "default-channel", shop.add_product("Dune"))

    answer = silver_shopper.query(LINES_ADD, lines=[
        {"variantId": gid("ProductVariant", gold_only), "quantity": 1}], **_named(checkout, by))

    assert {key: answer["checkoutLinesAdd"][key] for key in REFUSED} == REFUSED
    assert not Checkout.objects.get().lines.filter(variant=gold_only).exists()


@pytest.mark.parametrize("by", ["id", "token"])
def test_lines_update_refuses_a_higher_tiers_product_by_id_and_by_token(
        shop, silver_shopper, gold_only, by):
    checkout = checkout_with(silver_shopper, "default-channel", shop.add_product("Dune"))

    answer = silver_shopper.query(LINES_UPDATE, lines=[
        {"variantId": gid("ProductVariant", gold_only), "quantity": 2}], **_named(checkout, by))

    assert answer["checkoutLinesUpdate"] == REFUSED
    assert not Checkout.objects.get().lines.filter(variant=gold_only).exists()


def test_checkout_create_refuses_a_higher_tiers_product(shop, silver_shopper, gold_only):
    answer = create_checkout(silver_shopper, "default-channel", gold_only)

    assert answer["checkout"] is None
    assert [(error["field"], error["code"]) for error in answer["errors"]] == [("lines", "INVALID")]
    assert not Checkout.objects.exists()
