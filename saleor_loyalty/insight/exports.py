"""Exports for merchants: members (tier, balances, RFM, segment, tags) and the ledger of a
period, as rows streamed from the database (never all in memory).

A member's money in the segment window is one figure in the currency it was computed
in (`money_currency`, the program's base currency: insight.segments)."""
from datetime import datetime
from typing import Iterator, Optional, Sequence, Tuple

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import OuterRef, Subquery

from saleor_loyalty.insight.models import MemberTag
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction

CHUNK = 2000

MEMBER_COLUMNS = (
    "member_id", "email", "tier", "points_balance", "pending_points", "lifetime_points",
    "joined_at", "rfm_score", "segment", "last_order_at", "orders_in_window",
    "money_in_window", "money_currency", "tags",
)
_MEMBER_FIELDS = (
    "pk", "user__email", "tier__name", "points_balance", "pending_points", "lifetime_points",
    "joined_at", "segment__recency_score", "segment__frequency_score",
    "segment__monetary_score", "segment__segment", "segment__last_order_at",
    "segment__frequency", "segment__monetary", "segment__currency", "tag_names",
)
LEDGER_COLUMNS = (
    "transaction_id", "member_id", "email", "created_at", "kind", "status", "points",
    "debt", "order", "reason",
)
_LEDGER_FIELDS = (
    "pk", "member_id", "member__user__email", "created_at", "kind", "status", "points",
    "debt", "order_key", "reason",
)


def _members():
    tag_names = (MemberTag.objects.filter(member_id=OuterRef("pk")).values("member_id")
                 .annotate(names=StringAgg("tag__name", "; ", ordering="tag__name"))
                 .values("names"))
    members = Member.objects.current().annotate(tag_names=Subquery(tag_names))
    return members.order_by("pk").values_list(*_MEMBER_FIELDS)


def _ledger(start: Optional[datetime], end: Optional[datetime]):
    rows = PointsTransaction.objects.order_by("created_at", "pk")
    if start is not None:
        rows = rows.filter(created_at__gte=start)
    if end is not None:
        rows = rows.filter(created_at__lte=end)
    return rows.values_list(*_LEDGER_FIELDS)


def count_members() -> int:
    return Member.objects.current().count()


def count_ledger(start: Optional[datetime], end: Optional[datetime]) -> int:
    return _ledger(start, end).count()


def member_rows() -> Iterator[Sequence]:
    for row in _members().iterator(chunk_size=CHUNK):
        (pk, email, tier, balance, pending, lifetime, joined, r, f, m, segment,
         last_order, frequency, monetary, currency, tag_names) = row
        rfm = f"{r}{f}{m}" if r is not None else ""
        yield (pk, email, tier or "", balance, pending, lifetime, joined.isoformat(), rfm,
               segment or "", last_order.isoformat() if last_order else "",
               "" if frequency is None else frequency, "" if monetary is None else monetary,
               currency or "", tag_names or "")


def ledger_rows(start: Optional[datetime], end: Optional[datetime]) -> Iterator[Tuple]:
    for row in _ledger(start, end).iterator(chunk_size=CHUNK):
        yield row[:3] + (row[3].isoformat(),) + row[4:]
