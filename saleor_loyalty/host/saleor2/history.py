"""Saleor 2.10's orders of a shop's past (host/history.py): one currency, the dummy
gateway's captured payments, a fulfilment of every line when shipped."""
import uuid
from typing import List

from django.conf import settings
from django.db import transaction
from saleor.order import OrderStatus
from saleor.order.models import Order, OrderLine
from saleor.payment import ChargeStatus
from saleor.payment.models import Payment

from saleor_loyalty.host.history import CANCELLED, REFUNDED, PastOrder, backdate, ship

GATEWAY = "mirumee.payments.dummy"


def _status(past: PastOrder) -> str:
    if past.outcome == CANCELLED:
        return OrderStatus.CANCELED
    return OrderStatus.FULFILLED if past.fulfilled_at else OrderStatus.UNFULFILLED


def _charge(past: PastOrder):
    """(charge status, money kept) of the order's payment."""
    if past.outcome in (CANCELLED, REFUNDED):
        return ChargeStatus.FULLY_REFUNDED, 0
    return ChargeStatus.FULLY_CHARGED, past.total


@transaction.atomic
def write_orders(pasts: List[PastOrder]) -> List[Order]:
    currency = settings.DEFAULT_CURRENCY
    orders = Order.objects.bulk_create(
        Order(user_id=past.user_id, user_email=past.email, created=past.placed_at,
              status=_status(past), token=str(uuid.uuid4()), currency=currency,
              total_net_amount=past.total, total_gross_amount=past.total,
              voucher_id=past.voucher[0] if past.voucher else None,
              discount_amount=past.discount, discount_name=past.voucher[1] if past.voucher else "")
        for past in pasts
    )
    lines = OrderLine.objects.bulk_create(
        OrderLine(order=order, variant=line.variant, product_name=line.variant.product.name,
                  variant_name=line.variant.name, product_sku=line.variant.sku,
                  is_shipping_required=line.variant.is_shipping_required(),
                  quantity=line.quantity,
                  quantity_fulfilled=line.quantity if past.fulfilled_at else 0,
                  currency=currency, unit_price_net_amount=line.unit_price,
                  unit_price_gross_amount=line.unit_price)
        for order, past in zip(orders, pasts) for line in past.lines
    )
    payments = []
    for order, past in zip(orders, pasts):
        status, kept = _charge(past)
        payments.append(Payment(order=order, gateway=GATEWAY, is_active=True,
                                charge_status=status, total=past.total, captured_amount=kept,
                                currency=currency, billing_email=past.email,
                                token=str(uuid.uuid4())))
    Payment.objects.bulk_create(payments)
    backdate(Payment, "created", [(p.pk, past.placed_at) for p, past in zip(payments, pasts)])
    ship(orders, pasts, lines, "created")
    return orders
