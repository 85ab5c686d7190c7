"""Money edges of the refunds only Saleor 3 has: granted refunds that name lines or the
shipping (Transaction API), and products refunded or returned (Payment API). What both
hosts do (`orderRefund` of an amount, rounding) is tests/points/test_refund_edges.py's.
Tests marked "defect" failed before the rule was fixed."""
from decimal import Decimal

import pytest
from saleor.webhook.transport.synchronous import transport
from saleor.webhook.transport.utils import WebhookResponse

from tests.fixtures.api import gid
from tests.fixtures.checkout import place_order
from tests.fixtures.loyalty import balances, configure_program, order_reversals
from tests.host3.orders_driver import GRANT_REFUND, REFUND_PRODUCTS, REQUEST_GRANTED_REFUND

FULFILL = """
mutation($order: ID!, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) { errors { field code message } }
}
"""


@pytest.fixture
def goods(shop):
    """A shirt (25.00) and a mug (30.00); shipping costs 10.00."""
    return shop.add_variant("Shirt", "25.00"), shop.add_variant("Mug", "30.00")


@pytest.fixture
def app_answers_refund_requests(monkeypatch):
    """The payment app answers TRANSACTION_REFUND_REQUESTED with its reference, as a real
    app does, so Saleor ties the app's later REFUND_SUCCESS to the granted refund."""
    def answer(delivery, timeout=None, attempt=None):
        return WebhookResponse(content=""), {"pspReference": "refund-ref"}

    monkeypatch.setattr(transport, "_send_webhook_request_sync", answer)


def _grant_and_confirm(refund_desk, payment_app, order, amount, **grant):
    """`orderGrantRefundCreate` with `grant` (lines, grantRefundForShipping), the refund
    requested from the order's transaction, and the payment app's REFUND_SUCCESS."""
    (transaction,) = refund_desk._read(order)["transactions"]
    granted = refund_desk.api.mutate(GRANT_REFUND, {"id": gid("Order", order), "input": {
        "reason": "Damaged", "transactionId": transaction["id"], **grant,
    }})["grantedRefund"]["id"]
    refund_desk.api.mutate(REQUEST_GRANTED_REFUND, {"id": transaction["id"], "granted": granted})
    payment_app.report(transaction["id"], "REFUND_SUCCESS", amount, psp="refund-ref")


def _line(order, variant):
    return order.lines.get(variant=variant)


def test_refund_of_one_line_of_several_takes_back_that_lines_share(
    member, customer_api, shop, goods, refund_desk, payment_app, app_answers_refund_requests
):
    """Defect: the mug's 30 of 90 took back a third of the 80 points, not the mug's 30."""
    configure_program(returnWindowDays="0")
    shirt, mug = goods
    order = payment_app.place_order(customer_api, shop, [(shirt, 2), (mug, 1)])
    refund_desk.fulfill(order)

    _grant_and_confirm(refund_desk, payment_app, order, Decimal("30.00"),
                       lines=[{"id": gid("OrderLine", _line(order, mug)), "quantity": 1}])

    assert order_reversals(order) == [-30]
    assert balances(member) == (50, 0, 50)


def test_granted_refund_of_shipping_only_takes_back_no_points(
    member, customer_api, shop, goods, refund_desk, payment_app, app_answers_refund_requests
):
    """Defect: the shipping's 10 of 90 took back 9 of the 80 points."""
    configure_program(returnWindowDays="0")
    shirt, mug = goods
    order = payment_app.place_order(customer_api, shop, [(shirt, 2), (mug, 1)])
    refund_desk.fulfill(order)

    _grant_and_confirm(refund_desk, payment_app, order, Decimal("10.00"), grantRefundForShipping=True)

    assert order_reversals(order) == []
    assert balances(member) == (80, 0, 80)


def test_small_refund_after_products_came_back_is_not_taken_for_shipping(
    member, customer_api, shop, goods, refund_desk
):
    """Once goods were returned, a plain amount within the shipping price may be for them:
    5 of 60 pays back 4.17 of the 50 goods, and the order keeps floor(45.83)."""
    configure_program(returnWindowDays="0")
    shirt, _mug = goods
    order = place_order(customer_api, shop, [(shirt, 2)])
    refund_desk.fulfill(order)
    refund_desk.return_products(order, 1, refund=False)

    refund_desk.refund(order, Decimal("5.00"))

    assert order_reversals(order) == [-5]
    assert balances(member) == (45, 0, 45)


def test_refund_of_products_never_shipped_after_partial_fulfilment_releases_the_rest(
    member, customer_api, shop, goods, refund_desk
):
    """`orderFulfillmentRefundProducts` of the lines not shipped: Saleor's refund of the
    Payment API does not say which lines it paid for, so 50 of 90 pays back 44.44 of the
    80 goods; the order is fulfilled then, and keeps floor(35.56)."""
    configure_program(returnWindowDays="0")
    shirt, mug = goods
    order = place_order(customer_api, shop, [(shirt, 2), (mug, 1)])
    mug_line = _line(order, mug)
    refund_desk.api.mutate(FULFILL, {"order": gid("Order", order), "input": {"lines": [{
        "orderLineId": gid("OrderLine", mug_line),
        "stocks": [{"quantity": 1, "warehouse": gid("Warehouse", shop.warehouse)}],
    }]}})
    shipped_in_part = balances(member)

    refund_desk.api.mutate(REFUND_PRODUCTS, {"order": gid("Order", order), "input": {
        "orderLines": [{"orderLineId": gid("OrderLine", _line(order, shirt)), "quantity": 2}],
    }})

    assert shipped_in_part == (0, 80, 0)
    assert order_reversals(order) == [-45]
    assert balances(member) == (35, 0, 35)
