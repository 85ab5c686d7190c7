"""What only Saleor 3 does with orders, through its public GraphQL API: a payment app
reporting money through the Transaction API, and the refund paths 2.10 never had (granted
refunds, refunds requested from a transaction, returned and refunded products). Placing,
paying with the Dummy gateway, fulfilling, cancelling and `orderRefund` are the
host-neutral fixtures' (tests/fixtures/{checkout,orders}.py); the fixtures are
tests/host3/fixtures.py's."""
import uuid
from decimal import Decimal
from typing import Optional, Tuple

from saleor.order.models import Order

from tests.fixtures.api import ApiClient, gid
from tests.fixtures.checkout import choose_shipping, complete_order, create_checkout
from tests.fixtures.orders import OrderDesk

APP_CREATE = """mutation($input: AppInput!) {
  appCreate(input: $input) { authToken app { id } errors { field code message } } }"""
WEBHOOK_CREATE = """mutation($input: WebhookCreateInput!) {
  webhookCreate(input: $input) { webhook { id } errors { field code message } } }"""
TRANSACTION_CREATE = """mutation($id: ID!, $transaction: TransactionCreateInput!) {
  transactionCreate(id: $id, transaction: $transaction) {
    transaction { id } errors { field code message } } }"""
EVENT_REPORT = """mutation($id: ID!, $type: TransactionEventTypeEnum!, $amount: PositiveDecimal!,
                           $psp: String!) {
  transactionEventReport(id: $id, type: $type, amount: $amount, pspReference: $psp) {
    alreadyProcessed errors { field code message } } }"""


class PaymentApp:
    """A payment app (HANDLE_PAYMENTS) reporting money through the Transaction API; its
    refund webhook is answered later, by `report`."""

    def __init__(self, staff: ApiClient):
        app = staff.mutate(APP_CREATE, {"input": {
            "name": "Payments", "identifier": f"payments-{uuid.uuid4().hex[:8]}",
            "permissions": ["HANDLE_PAYMENTS"],
        }})
        staff.mutate(WEBHOOK_CREATE, {"input": {
            "name": "Refunds", "app": app["app"]["id"], "targetUrl": "http://127.0.0.1:65535/refund",
            "syncEvents": ["TRANSACTION_REFUND_REQUESTED"], "isActive": True,
        }})
        self.api = ApiClient(app["authToken"])

    def charge(self, checkout_or_order_id: str, amount: Decimal, currency: str = "USD") -> str:
        """A transaction holding `amount` charged (`transactionCreate`); its global id."""
        return self.api.mutate(TRANSACTION_CREATE, {"id": checkout_or_order_id, "transaction": {
            "name": "Card", "pspReference": f"charge-{uuid.uuid4().hex[:12]}",
            "amountCharged": {"amount": str(amount), "currency": currency},
            "availableActions": ["REFUND"],
        }})["transaction"]["id"]

    def report(self, transaction_id: str, event_type: str, amount: Decimal,
               psp: Optional[str] = None) -> bool:
        """`transactionEventReport`; whether Saleor had it already."""
        return self.api.mutate(EVENT_REPORT, {
            "id": transaction_id, "type": event_type, "amount": str(amount),
            "psp": psp or f"{event_type.lower()}-{uuid.uuid4().hex[:12]}",
        })["alreadyProcessed"]

    def place_order(self, customer: ApiClient, shop, lines, email="customer@example.com") -> Order:
        """A checkout the app charged in full (`transactionCreate`), completed."""
        checkout_id = create_checkout(customer, lines, email=email)
        total = choose_shipping(customer, checkout_id, shop.shipping_method, email=email)
        self.charge(checkout_id, Decimal(str(total)))
        return complete_order(customer, checkout_id)


ORDER_LINES = """query($id: ID!) { order(id: $id) {
  lines { id quantity } fulfillments { lines { id quantity } } transactions { id } } }"""
GRANT_REFUND = """mutation($id: ID!, $input: OrderGrantRefundCreateInput!) {
  orderGrantRefundCreate(id: $id, input: $input) {
    grantedRefund { id } errors { field code message } } }"""
REQUEST_GRANTED_REFUND = """mutation($id: ID!, $granted: ID!) {
  transactionRequestRefundForGrantedRefund(id: $id, grantedRefundId: $granted) {
    errors { field code message } } }"""
REQUEST_REFUND = """mutation($id: ID!, $amount: PositiveDecimal!) {
  transactionRequestAction(id: $id, actionType: REFUND, amount: $amount) {
    errors { field code message } } }"""
RETURN_PRODUCTS = """mutation($order: ID!, $input: OrderReturnProductsInput!) {
  orderFulfillmentReturnProducts(order: $order, input: $input) {
    errors { field code message } } }"""
REFUND_PRODUCTS = """mutation($order: ID!, $input: OrderRefundProductsInput!) {
  orderFulfillmentRefundProducts(order: $order, input: $input) {
    errors { field code message } } }"""


class RefundDesk(OrderDesk):
    """The order page's refunds that only Saleor 3 has (staff with MANAGE_ORDERS and
    HANDLE_PAYMENTS)."""

    def _read(self, order: Order) -> dict:
        return self.api.query(ORDER_LINES, {"id": gid("Order", order)})["order"]

    def grant_refund(self, order: Order, amount: Decimal) -> Tuple[str, str]:
        """`orderGrantRefundCreate` on the order's transaction, then
        `transactionRequestRefundForGrantedRefund`: (transaction id, granted refund id)."""
        (transaction,) = self._read(order)["transactions"]
        granted = self.api.mutate(GRANT_REFUND, {"id": gid("Order", order), "input": {
            "amount": str(amount), "reason": "Damaged", "transactionId": transaction["id"],
        }})["grantedRefund"]["id"]
        self.api.mutate(REQUEST_GRANTED_REFUND, {"id": transaction["id"], "granted": granted})
        return transaction["id"], granted

    def request_refund(self, order: Order, amount: Decimal) -> str:
        """`transactionRequestAction(REFUND)` on the order's transaction; its id."""
        (transaction,) = self._read(order)["transactions"]
        self.api.mutate(REQUEST_REFUND, {"id": transaction["id"], "amount": str(amount)})
        return transaction["id"]

    def return_products(self, order: Order, quantity: int, refund: bool):
        """`orderFulfillmentReturnProducts` of `quantity` items of the first fulfilment line."""
        line = self._read(order)["fulfillments"][0]["lines"][0]
        self.api.mutate(RETURN_PRODUCTS, {"order": gid("Order", order), "input": {
            "fulfillmentLines": [{"fulfillmentLineId": line["id"], "quantity": quantity}],
            "refund": refund,
        }})

    def refund_products(self, order: Order, quantity: int):
        """`orderFulfillmentRefundProducts` of `quantity` unfulfilled items of the first line."""
        line = self._read(order)["lines"][0]
        self.api.mutate(REFUND_PRODUCTS, {"order": gid("Order", order), "input": {
            "orderLines": [{"orderLineId": line["id"], "quantity": quantity}],
        }})
