"""Saleor 3's orders of a shop's past (host/history.py): placed in the default channel
(its currency), paid through the Payment API's dummy gateway, with the order's charge
status and total charged as Saleor keeps them, and a fulfilment of every line when
shipped."""
import uuid
from typing import List

from django.db import transaction
from saleor.channel.models import Channel
from saleor.discount import DiscountType, DiscountValueType
from saleor.discount.models import OrderDiscount
from saleor.order import (
    OrderAuthorizeStatus,
    OrderChargeStatus,
    OrderOrigin,
)
from saleor.order.models import Order, OrderLine
from saleor.payment.models import Payment

from saleor_loyalty.host.history import GATEWAY, PastOrder, backdate, ship

from .products import channel_slug_or_default


def _order(past: PastOrder, channel: Channel) -> Order:
    kept = past.kept
    return Order(
        user_id=past.user_id, user_email=past.email, created_at=past.placed_at,
        status=past.status, channel=channel, currency=channel.currency_code,
        origin=OrderOrigin.BULK_CREATE, lines_count=len(past.lines),
        total_net_amount=past.total, total_gross_amount=past.total,
        undiscounted_total_net_amount=past.subtotal,
        undiscounted_total_gross_amount=past.subtotal,
        subtotal_net_amount=past.subtotal, subtotal_gross_amount=past.subtotal,
        voucher_id=past.voucher[0] if past.voucher else None,
        voucher_code=past.voucher[1] if past.voucher else None,
        total_charged_amount=kept,
        charge_status=OrderChargeStatus.FULL if kept else OrderChargeStatus.NONE,
        authorize_status=OrderAuthorizeStatus.FULL if kept else OrderAuthorizeStatus.NONE,
    )


def _line(order: Order, past: PastOrder, line) -> OrderLine:
    variant, price, total = line.variant, line.unit_price, line.unit_price * line.quantity
    return OrderLine(
        order=order, variant=variant, product_name=variant.product.name,
        variant_name=variant.name, product_sku=variant.sku,
        product_variant_id=variant.get_global_id(),
        product_type_id=variant.product.product_type_id,
        is_shipping_required=variant.is_shipping_required(), is_gift_card=False,
        quantity=line.quantity, quantity_fulfilled=line.quantity if past.fulfilled_at else 0,
        currency=order.currency,
        unit_price_net_amount=price, unit_price_gross_amount=price,
        undiscounted_unit_price_net_amount=price, undiscounted_unit_price_gross_amount=price,
        base_unit_price_amount=price, undiscounted_base_unit_price_amount=price,
        total_price_net_amount=total, total_price_gross_amount=total,
        undiscounted_total_price_net_amount=total, undiscounted_total_price_gross_amount=total,
    )


@transaction.atomic
def write_orders(pasts: List[PastOrder]) -> List[Order]:
    channel = Channel.objects.get(slug=channel_slug_or_default(None))
    orders = Order.objects.bulk_create(_order(past, channel) for past in pasts)
    lines = OrderLine.objects.bulk_create(
        _line(order, past, line) for order, past in zip(orders, pasts) for line in past.lines
    )
    payments = Payment.objects.bulk_create(
        Payment(order=order, gateway=GATEWAY, is_active=True,
                charge_status=past.charge_status,
                total=past.total, captured_amount=past.kept, currency=order.currency,
                billing_email=past.email, token=str(uuid.uuid4()), psp_reference=str(uuid.uuid4()))
        for order, past in zip(orders, pasts)
    )
    backdate(Payment, "created_at", [(p.pk, past.placed_at) for p, past in zip(payments, pasts)])
    OrderDiscount.objects.bulk_create(
        OrderDiscount(order=order, type=DiscountType.VOUCHER, value_type=DiscountValueType.FIXED,
                      value=past.discount, amount_value=past.discount, currency=order.currency,
                      name=past.voucher[1], voucher_id=past.voucher[0],
                      voucher_code=past.voucher[1])
        for order, past in zip(orders, pasts) if past.voucher
    )
    ship(orders, pasts, lines, "created_at")
    return orders
