import graphene

from saleor_loyalty.host.generation import GENERATION
from tests.fixtures.loyalty import credit_points

HISTORY = """
query($first: Int, $after: String) {
  me { loyalty {
    pointsBalance
    pointsExpiringSoon { points expiresAt }
    transactions(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { kind status points reason createdAt expiresAt order { id } } }
    }
  } }
}
"""


def test_member_pages_through_their_points_history_newest_first(customer_api, member):
    for i in range(5):
        credit_points(member, 10 + i, f"bonus:{i}", reason=f"bonus:{i}")

    first_page = customer_api.query(HISTORY, {"first": 3})["me"]["loyalty"]["transactions"]
    cursor = first_page["pageInfo"]["endCursor"]
    second_page = customer_api.query(HISTORY, {"first": 3, "after": cursor})["me"]["loyalty"]["transactions"]

    assert first_page["totalCount"] == 5
    assert [e["node"]["points"] for e in first_page["edges"]] == [14, 13, 12]
    assert first_page["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["points"] for e in second_page["edges"]] == [11, 10]


def test_history_links_the_order_points_came_from(customer_api, member, shop, order_placer):
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 1)])

    edges = customer_api.query(HISTORY, {"first": 5})["me"]["loyalty"]["transactions"]["edges"]

    assert edges[0]["node"]["order"] == {"id": graphene.Node.to_global_id("Order", order.pk)}
    assert edges[0]["node"]["kind"] == "EARN"


# Saleor 3 also reads the site and its settings in each request.
HISTORY_QUERIES = {"saleor2": 6, "saleor3": 8}


def test_me_loyalty_with_20_transactions_runs_in_constant_queries(
    customer_api, member, shop, order_placer, django_assert_num_queries
):
    shirt = shop.add_variant("Shirt", "25.00")
    for _ in range(2):
        order_placer(customer_api, [(shirt, 1)])
    credit_points(member, 5, "bonus:few", reason="bonus:few")
    with django_assert_num_queries(HISTORY_QUERIES[GENERATION]):
        customer_api.query(HISTORY, {"first": 20})

    for i in range(25):
        credit_points(member, 5, f"bonus:many:{i}", reason=f"bonus:many:{i}")
    for _ in range(3):
        order_placer(customer_api, [(shirt, 1)])
    with django_assert_num_queries(HISTORY_QUERIES[GENERATION]):
        customer_api.query(HISTORY, {"first": 20})


def test_staff_finds_a_member_by_email_or_id(manage_users_api, member, customer_user):
    member_id = graphene.Node.to_global_id("LoyaltyMember", member.pk)
    query = "query($id: ID, $email: String) { loyaltyMember(id: $id, email: $email) { id user { email } } }"

    by_email = manage_users_api.query(query, {"email": customer_user.email.upper()})["loyaltyMember"]
    by_id = manage_users_api.query(query, {"id": member_id})["loyaltyMember"]
    foreign = manage_users_api.query(query, {"id": graphene.Node.to_global_id("Product", member.pk)})["loyaltyMember"]

    assert by_email == by_id == {"id": member_id, "user": {"email": customer_user.email}}
    assert foreign is None


def test_customers_cannot_look_up_members(customer_api, member):
    content = customer_api.post('{ loyaltyMember(email: "customer@example.com") { id } }')

    assert content["data"]["loyaltyMember"] is None
    assert content["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


ORDER_ROWS = """
query($order: ID) { me { loyalty { transactions(first: 10, order: $order) {
  totalCount edges { node { kind points order { id } } } } } } }
"""


def test_history_of_one_order_holds_only_that_orders_rows(customer_api, member, shop, order_placer):
    shirt = shop.add_variant("Shirt", "25.00")
    first, second = (order_placer(customer_api, [(shirt, n)]) for n in (1, 2))
    credit_points(member, 5, "bonus:between", reason="not an order's")
    second_id = graphene.Node.to_global_id("Order", second.pk)

    rows = customer_api.query(ORDER_ROWS, {"order": second_id})["me"]["loyalty"]["transactions"]

    assert rows["totalCount"] == 1
    assert [(e["node"]["kind"], e["node"]["order"]["id"]) for e in rows["edges"]] == [("EARN", second_id)]
    assert first.pk != second.pk


def test_history_refuses_an_id_that_is_no_order(customer_api, member):
    answer = customer_api.post(ORDER_ROWS, {"order": graphene.Node.to_global_id("Product", 1)})

    (error,) = answer["errors"]
    assert error["message"] == f"order: Couldn't resolve to an Order: {graphene.Node.to_global_id('Product', 1)}"
    assert error["path"] == ["me", "loyalty", "transactions"]
