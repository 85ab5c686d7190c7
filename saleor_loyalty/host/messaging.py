"""What member messages say about the shop's data: a customer's phone number and an
order's number as the customer knows it.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/messaging.py`.

- `order_number(key)`: the number the shop shows for the order with this key (see
  `orders.order_key`), "" when there is no such order.
- `customer_phone(user)`: the phone number of the customer's default billing address, else
  of their default shipping address, in E.164; "" when neither has one.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("messaging")

order_number = _adapter.order_number


def customer_phone(user) -> str:
    """The same on both generations: `User.default_billing_address` and
    `default_shipping_address` are `Address` rows with a `phone`."""
    for address in (user.default_billing_address, user.default_shipping_address):
        phone = getattr(address, "phone", None)
        if phone:
            return getattr(phone, "as_e164", None) or str(phone)
    return ""
