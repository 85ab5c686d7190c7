"""Saleor 3 keys orders by UUID and shows customers their integer `number`."""
import uuid

from saleor.order.models import Order


def order_number(key: str) -> str:
    try:
        pk = uuid.UUID(key)
    except ValueError:
        return ""
    number = Order.objects.filter(pk=pk).values_list("number", flat=True).first()
    return "" if number is None else str(number)
