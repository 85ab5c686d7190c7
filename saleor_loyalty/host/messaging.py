"""What member messages say about the shop's data: a customer's phone number and an
order's number as the customer knows it.

- `order_number(key)`: the number the shop shows for the order with this key (see
  `orders.order_key`), "" when there is no such order.
- `customer_phone(user)`: the phone number of the customer's default billing address, else
  of their default shipping address, in E.164; "" when neither has one.
"""
from saleor_loyalty.host.generation import adapter
from saleor_loyalty.host.orders import get_order

_orders = adapter("orders")


def order_number(key: str) -> str:
    order = get_order(key)
    return "" if order is None else str(getattr(order, _orders.NUMBER))


def customer_phone(user) -> str:
    """The same on both generations: `User.default_billing_address` and
    `default_shipping_address` are `Address` rows with a `phone`."""
    for address in (user.default_billing_address, user.default_shipping_address):
        phone = getattr(address, "phone", None)
        if phone:
            return getattr(phone, "as_e164", None) or str(phone)
    return ""
