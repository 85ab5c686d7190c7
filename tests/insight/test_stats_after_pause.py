"""Statistics count what orders became while the program was switched off, as soon as
it is switched back on."""
from tests.fixtures.api import ApiClient
from tests.fixtures.program_switch import switch_program
from tests.fixtures.users import PASSWORD, create_customer

STATS = """
{
  loyaltyStats {
    userRepurchaseRate orderRepurchaseRate
    memberAverageOrderValue { amount } guestAverageOrderValue { amount }
  }
}
"""


def _figures(api):
    stats = api.query(STATS)["loyaltyStats"]
    return (
        round(stats["userRepurchaseRate"], 4),
        round(stats["orderRepurchaseRate"], 4),
        stats["memberAverageOrderValue"]["amount"],
        stats["guestAverageOrderValue"]["amount"],
    )


def test_stats_stop_counting_money_refunded_while_paused_once_the_program_is_back_on(
    customer_api, member, other_customer_api, shop, order_placer, order_desk, manage_plugins_api
):
    third_api = ApiClient().login(create_customer("third@example.com").email, PASSWORD)
    shirt = shop.add_variant("Shirt", "25.00")
    member_orders = [order_placer(customer_api, [(shirt, 2)]) for _ in range(3)]  # 60 each
    other_order = order_placer(other_customer_api, [(shirt, 2)], email="other@example.com")
    third_order = order_placer(third_api, [(shirt, 2)], email="third@example.com")
    before = _figures(order_desk.api)
    switch_program(manage_plugins_api, active=False)
    order_desk.refund(member_orders[0], "30.00")
    order_desk.refund(member_orders[2], "60.00")
    order_desk.refund(other_order, "30.00")
    order_desk.cancel(third_order)
    while_paused = _figures(order_desk.api)

    switch_program(manage_plugins_api, active=True)

    # 3 buyers, one with 3 orders; then 2 buyers (the third one's order was cancelled),
    # the member with 2 paid orders (30 and 60 kept), the other customer 30 kept.
    assert before == (0.3333, 0.4, 60.0, 60.0)
    assert while_paused == before
    assert _figures(order_desk.api) == (0.5, 0.3333, 45.0, 30.0)
