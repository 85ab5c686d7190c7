"""Saleor's Payment API as both Saleor generations keep it: a payment's captured amount
(Saleor lowers it by each refund) and its successful refund transactions."""
from datetime import datetime
from decimal import Decimal
from typing import List, Tuple

from django.db.models import FilteredRelation, Q
from saleor.payment import TransactionKind
from saleor.payment.models import Payment

from saleor_loyalty.host.facts import RefundFacts


def captured_and_refunds(order_pk, created: str) -> Tuple[Decimal, List[Tuple[datetime, RefundFacts]]]:
    """(captured, [(when, refund)]) of an order's payments, payments then refunds in id
    order: one query (payments joined to their successful refunds). `created` names the
    transactions' creation time (`created` on Saleor 2.10, `created_at` on 3)."""
    rows = (
        Payment.objects.filter(order_id=order_pk)
        .annotate(refund=FilteredRelation("transactions", condition=Q(
            transactions__kind=TransactionKind.REFUND, transactions__is_success=True)))
        .order_by("pk", "refund__pk")
        .values_list("pk", "captured_amount", "refund__pk", "refund__amount", f"refund__{created}")
    )
    captured, counted, refunds = Decimal(0), set(), []
    for payment_pk, payment_captured, refund_pk, amount, created_at in rows:
        if payment_pk not in counted:
            counted.add(payment_pk)
            captured += payment_captured
        if refund_pk is not None:
            refunds.append((created_at, RefundFacts(key=f"refund:{refund_pk}", amount=amount)))
    return captured, refunds
