"""The loyalty GraphQL API served by the plugin's `/graphql/` on Saleor 3 where Saleor 3
differs: the public program, staff lists of members, the loyalty fields on Saleor's
channel-scoped products and variants, and Saleor 3's checkout payloads with
`loyaltyErrors`. (The committed SDL, joining and adjustments are host-neutral tests:
tests/api, tests/members, tests/points.)"""
from decimal import Decimal

from saleor.account.models import User

from saleor_loyalty.catalogue.member_only import set_member_only
from tests.fixtures.api import gid
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import create_customer
from tests.host3.shop_driver import signed_in

PROGRAM = "{ loyaltyProgram { active currency pointValue { currency } tiers { name rank } } }"

MEMBERS = """
query($after: String) {
  loyaltyMembers(first: 2, after: $after, sortBy: {field: JOINED_AT, direction: ASC}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { user { email } } }
  }
}
"""

PRODUCT_LOYALTY = """
query($channel: String) {
  products(first: 10, channel: $channel) {
    edges {
      node {
        name
        loyalty { memberOnly minimumTier { name } purchasable }
        variants { memberPrice { amount currency } }
      }
    }
  }
}
"""

MEMBER_PRODUCT_CREATE = """
mutation($input: ProductCreateInput!, $tier: ID!) {
  loyaltyMemberProductCreate(input: $input, minimumTier: $tier) {
    product { name channel loyalty { memberOnly minimumTier { name } } }
    errors { field code message }
  }
}
"""

CHECKOUT_CREATE = """
mutation($variant: ID!) {
  checkoutCreate(input: {channel: "default-channel", email: "guest@example.com",
                         lines: [{variantId: $variant, quantity: 1}]}) {
    checkout { id }
    errors { field code }
    loyaltyErrors { field code }
  }
}
"""

EXCLUSIVE_PRODUCTS = """
query($channel: String) {
  loyaltyExclusiveProducts(first: 5, channel: $channel) {
    totalCount
    edges { node { name channel loyalty { minimumTier { name } } } }
  }
}
"""


def test_loyalty_program_is_public(api_client, tiers):
    data = api_client.query(PROGRAM)

    program = data["loyaltyProgram"]
    assert program["active"] is True
    assert [tier["name"] for tier in program["tiers"]] == ["Silver", "Gold"]


def test_staff_pages_through_members(manage_users_api, tiers):
    for number in range(3):
        make_member(create_customer(f"member{number}@example.com"), tiers["silver"])

    first = manage_users_api.query(MEMBERS)["loyaltyMembers"]
    rest = manage_users_api.query(MEMBERS, after=first["pageInfo"]["endCursor"])["loyaltyMembers"]

    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"] is True
    emails = [edge["node"]["user"]["email"] for page in (first, rest) for edge in page["edges"]]
    assert emails == [f"member{number}@example.com" for number in range(3)]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_customers_and_guests_cannot_list_members(customer_api, api_client):
    for api in (customer_api, api_client):
        answer = api.post(MEMBERS)

        assert answer["data"]["loyaltyMembers"] is None
        assert [error["extensions"]["exception"]["code"] for error in answer["errors"]] == [
            "PermissionDenied"
        ]


def test_product_and_variant_loyalty_fields_resolve_in_each_channel(customer_api, shop, tiers):
    silver = tiers["silver"]
    silver.discount_percent = Decimal(10)
    silver.save(update_fields=["discount_percent"])
    atlas = shop.add_product("Atlas")
    set_member_only(atlas.product_id, silver)
    make_member(User.objects.get(email="customer@example.com"), silver)

    usd = customer_api.query(PRODUCT_LOYALTY, channel="default-channel")["products"]["edges"]
    pln = customer_api.query(PRODUCT_LOYALTY, channel="channel-pln")["products"]["edges"]

    [product] = [edge["node"] for edge in usd]
    assert product["loyalty"] == {
        "memberOnly": True, "minimumTier": {"name": "Silver"}, "purchasable": True
    }
    assert product["variants"] == [{"memberPrice": {"amount": 18.0, "currency": "USD"}}]
    assert pln[0]["node"]["variants"] == [{"memberPrice": {"amount": 72.0, "currency": "PLN"}}]


def test_guest_sees_no_member_price(api_client, shop, tiers):
    shop.add_product("Atlas")

    data = api_client.query(PRODUCT_LOYALTY, channel="default-channel")

    [product] = [edge["node"] for edge in data["products"]["edges"]]
    assert product["loyalty"] == {"memberOnly": False, "minimumTier": None, "purchasable": True}
    assert product["variants"] == [{"memberPrice": None}]


def test_staff_lists_member_only_products_in_a_channel(api_client, shop, tiers,
                                                       staff_with_products):
    set_member_only(shop.add_product("Atlas").product_id, tiers["gold"])
    shop.add_product("Globe")
    staff_api = signed_in(staff_with_products)

    data = staff_api.query(EXCLUSIVE_PRODUCTS, channel="channel-pln")["loyaltyExclusiveProducts"]

    atlas = {"name": "Atlas", "channel": "channel-pln", "loyalty": {"minimumTier": {"name": "Gold"}}}
    assert data == {"totalCount": 1, "edges": [{"node": atlas}]}


def test_staff_creates_a_member_only_product(api_client, shop, tiers, staff_with_products):
    staff_api = signed_in(staff_with_products)
    product_input = {
        "name": "Members' Atlas",
        "productType": gid("ProductType", shop.product_type),
        "category": gid("Category", shop.category("books")),
    }

    answer = staff_api.query(
        MEMBER_PRODUCT_CREATE, input=product_input, tier=gid("LoyaltyTier", tiers["gold"])
    )["loyaltyMemberProductCreate"]

    assert answer["errors"] == []
    assert answer["product"] == {
        "name": "Members' Atlas", "channel": None,
        "loyalty": {"memberOnly": True, "minimumTier": {"name": "Gold"}},
    }


def test_checkout_payloads_carry_loyalty_errors(api_client, shop, tiers):
    open_variant = shop.add_product("Globe")
    members_variant = shop.add_product("Atlas")
    set_member_only(members_variant.product_id, tiers["silver"])

    accepted = api_client.query(
        CHECKOUT_CREATE, variant=gid("ProductVariant", open_variant)
    )["checkoutCreate"]
    refused = api_client.query(
        CHECKOUT_CREATE, variant=gid("ProductVariant", members_variant)
    )["checkoutCreate"]

    assert accepted["checkout"] and accepted["errors"] == accepted["loyaltyErrors"] == []
    assert refused == {
        "checkout": None,
        "errors": [{"field": "lines", "code": "INVALID"}],
        "loyaltyErrors": [{"field": "lines", "code": "TIER_TOO_LOW"}],
    }
