"""Staff member lists: filters and sort keys over members, each a single SQL query."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from typing import Optional, Tuple

from django.db.models import DateTimeField, Q, QuerySet, Value
from django.db.models.expressions import OuterRef
from django.db.models.functions import Coalesce

from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight.models import MemberTag
from saleor_loyalty.members.models import Member

NEVER = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)


@dataclass(frozen=True)
class MemberFilter:
    tier_id: Optional[int] = None
    segment: Optional[str] = None
    search: Optional[str] = None
    min_points: Optional[int] = None
    dormant_days: Optional[int] = None
    joined_from: Optional[date] = None
    joined_to: Optional[date] = None
    tags: Tuple[str, ...] = ()


def staff_member_list() -> QuerySet:
    """Members with what a list page shows (account, RFM snapshot) in the same query.

    Members whose account was deleted (members.erasure) have none and are left out; by
    their account rather than `erased_at`, which keeps the search on the trigram indexes.
    """
    return Member.objects.filter(user__isnull=False).select_related("user", "segment")


def filter_members(members: QuerySet, criteria: MemberFilter, now: datetime) -> QuerySet:
    if criteria.tier_id is not None:
        members = members.filter(tier_id=criteria.tier_id)
    if criteria.segment:
        members = members.filter(segment__segment=criteria.segment)
    for word in (criteria.search or "").split():
        members = members.filter(
            Q(user__email__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
        )
    if criteria.min_points is not None:
        members = members.filter(points_balance__gte=criteria.min_points)
    if criteria.dormant_days is not None:
        since = now - timedelta(days=criteria.dormant_days)
        members = members.exclude(user_id__in=host_orders.users_with_paid_order_after(since))
    if criteria.joined_from is not None:
        members = members.filter(joined_at__date__gte=criteria.joined_from)
    if criteria.joined_to is not None:
        members = members.filter(joined_at__date__lte=criteria.joined_to)
    if criteria.tags:
        members = members.filter(pk__in=MemberTag.objects.filter(tag__name__in=criteria.tags)
                                 .values("member_id"))
    return members


def with_last_order(members: QuerySet) -> QuerySet:
    """Annotate `last_paid_order_at`: the member's last paid order (1970 when none), so
    lists can sort and page on it."""
    return members.annotate(
        last_paid_order_at=Coalesce(
            host_orders.last_paid_order_at(OuterRef("user_id")),
            Value(NEVER, output_field=DateTimeField()),
        )
    )
