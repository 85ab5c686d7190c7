"""A customer's own orders, as an after-sales survey about one of them reads it (the
same on both Saleor generations: orders keep their user and their lines' variants)."""
from typing import List, Optional

from django.db import DataError, transaction
from saleor.order import OrderStatus
from saleor.order.models import OrderLine

from saleor_loyalty.host.orders import get_order


def products_of_customer_order(order_key: str, user_id: Optional[int]) -> Optional[List[int]]:
    """The ids of the products on the lines of order `order_key` when it is one the
    customer `user_id` placed (drafts are not placed); None otherwise: no such order, or
    somebody else's (the caller cannot tell which)."""
    try:
        with transaction.atomic():  # a key out of the id column's range names no order
            order = get_order(order_key or "")
    except DataError:
        return None
    if order is None or user_id is None or order.user_id != user_id:
        return None
    if order.status == OrderStatus.DRAFT:
        return None
    lines = OrderLine.objects.filter(order_id=order.pk, variant__isnull=False)
    return sorted(set(lines.values_list("variant__product_id", flat=True)))
