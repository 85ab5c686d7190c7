"""Saleor 2.10's orders of a shop's past (host/history.py): one currency, the dummy
gateway's captured payments, a fulfilment of every line when shipped."""
import uuid
from typing import List

from django.conf import settings
from django.db import transaction
from saleor.order.models import Order, OrderLine
from saleor.payment.models import Payment

from saleor_loyalty.host.history import GATEWAY, PastOrder, backdate, ship


@transaction.atomic
def write_orders(pasts: List[PastOrder]) -> List[Order]:
    currency = settings.DEFAULT_CURRENCY
    orders = Order.objects.bulk_create(
        Order(user_id=past.user_id, user_email=past.email, created=past.placed_at,
              status=past.status, token=str(uuid.uuid4()), currency=currency,
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
    payments = Payment.objects.bulk_create(
        Payment(order=order, gateway=GATEWAY, is_active=True, charge_status=past.charge_status,
                total=past.total, captured_amount=past.kept, currency=currency,
                billing_email=past.email, token=str(uuid.uuid4()))
        for order, past in zip(orders, pasts)
    )
    backdate(Payment, "created", [(p.pk, past.placed_at) for p, past in zip(payments, pasts)])
    ship(orders, pasts, lines, "created")
    return orders
