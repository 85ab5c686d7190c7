"""Saleor 3's channels in the catalogue and checkout tests: checkouts in either channel and
the storefront's view of every product listing. The shop is the host-neutral `shop`
fixture (tests/fixtures/shop.py; `shop.add_product` prices a book in both channels); the
fixtures are tests/host3/fixtures.py's."""

from tests.fixtures.api import ApiClient, gid
from tests.fixtures.users import PASSWORD

BILLING_ADDRESS = {
    "firstName": "Anna", "lastName": "Nowak", "streetAddress1": "Tęczowa 7",
    "city": "Wrocław", "postalCode": "53-601", "country": "PL",
}


def signed_in(user) -> ApiClient:
    """A client signed in as `user` (made with tests/fixtures/users.py's password)."""
    return ApiClient().login(user.email, PASSWORD)


CHECKOUT_CREATE = """
mutation($channel: String!, $variant: ID!, $quantity: Int!, $billing: AddressInput, $email: String) {
  checkoutCreate(input: {channel: $channel, email: $email,
                         lines: [{variantId: $variant, quantity: $quantity}],
                         billingAddress: $billing}) {
    checkout { id token }
    errors { field code message }
  }
}
"""

ADD_PROMO_CODE = """
mutation($id: ID!, $code: String!) {
  checkoutAddPromoCode(id: $id, promoCode: $code) {
    checkout { voucherCode discount { amount currency } totalPrice { gross { amount } } }
    errors { field code message }
  }
}
"""

CHECKOUT_COMPLETE = """
mutation($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number }
    errors { field code message }
  }
}
"""


def create_checkout(api: ApiClient, channel: str, variant, quantity: int = 1,
                    email: str = "customer@example.com") -> dict:
    """checkoutCreate's answer in `channel`: {checkout, errors}."""
    return api.query(CHECKOUT_CREATE, channel=channel, quantity=quantity, email=email,
                     variant=gid("ProductVariant", variant), billing=BILLING_ADDRESS)["checkoutCreate"]


def checkout_with(api: ApiClient, channel: str, variant, quantity: int = 1) -> dict:
    answer = create_checkout(api, channel, variant, quantity)
    assert answer["errors"] == [], answer["errors"]
    return answer["checkout"]


def add_promo_code(api: ApiClient, checkout: dict, code: str) -> dict:
    return api.query(ADD_PROMO_CODE, id=checkout["id"], code=code)["checkoutAddPromoCode"]


def complete_checkout(api: ApiClient, checkout: dict) -> dict:
    return api.query(CHECKOUT_COMPLETE, id=checkout["id"])["checkoutComplete"]


CATALOGUE = """
query($channel: String!, $slug: String!, $variants: [ID!]) {
  products(first: 20, channel: $channel) { edges { node { slug } } }
  searched: products(first: 20, channel: $channel, search: "dune") { edges { node { slug } } }
  product(slug: $slug, channel: $channel) { slug }
  productVariant(sku: "DUNE-DELUXE", channel: $channel) { sku }
  productVariants(first: 20, ids: $variants, channel: $channel) { edges { node { sku } } }
  category(slug: "books") { products(first: 20, channel: $channel) { edges { node { slug } } } }
  collection(slug: "picks", channel: $channel) { products(first: 20) { edges { node { slug } } } }
}
"""


def catalogue_seen(api: ApiClient, channel: str, variants) -> dict:
    """What the storefront finds in every product listing of the channel (the product
    `dune-deluxe` looked up by slug and its variant by SKU, `variants` by id)."""
    data = api.query(CATALOGUE, channel=channel, slug="dune-deluxe",
                     variants=[gid("ProductVariant", variant) for variant in variants])
    return {
        "products": _slugs(data["products"]),
        "search": _slugs(data["searched"]),
        "product": data["product"],
        "variant": data["productVariant"],
        "variants": sorted(edge["node"]["sku"] for edge in data["productVariants"]["edges"]),
        "category": _slugs(data["category"]["products"]),
        "collection": _slugs(data["collection"]["products"]),
    }


def _slugs(connection) -> list:
    return sorted(edge["node"]["slug"] for edge in connection["edges"])
