"""What a campaign brought: its treated members against its holdout, over a window after
it was sent.

For each group, over `window_days` from sending (up to now while the window is open):
members, members who placed a paid order, paid orders, revenue (the money kept from them,
in the program's base currency as in tiers and segments, from the paid-order record) and
revenue per member. The uplift is the difference of revenue per member, treated minus
holdout, with a 95 % confidence interval (normal approximation of the difference of two
means, each with its sample variance: mean +/- 1.96 * sqrt(s1^2/n1 + s2^2/n2)); the
uplift revenue is that difference times the treated members. The cost is what the gifts
cost: the discounts the campaign's coupons gave on placed orders, and the points given at
the program's point value. ROI = (uplift revenue - cost) / cost. Without a holdout, or
with an empty group, there is nothing to compare with: uplift and ROI are null.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Optional

from django.db import connection
from django.db.models import Sum

from saleor_loyalty.core.currencies import RATES_SQL, rate_params
from saleor_loyalty.core.program import Program
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.engagement.models import Campaign, CampaignGrant
from saleor_loyalty.host.discounts import voucher_discounts_sql
from saleor_loyalty.insight.models import PaidOrder
from saleor_loyalty.members.models import Member

DEFAULT_WINDOW_DAYS = 30
MAX_WINDOW_DAYS = 365
Z_95 = Decimal("1.96")

_GROUPS_SQL = f"""
WITH rates AS ({RATES_SQL}),
per_member AS (
    SELECT g.holdout, COUNT(po.order_key) AS orders,
           COALESCE(SUM(po.paid * COALESCE(r.rate, 0)), 0) AS revenue
    FROM {CampaignGrant._meta.db_table} g
    JOIN {Member._meta.db_table} m ON m.id = g.member_id
    LEFT JOIN {PaidOrder._meta.db_table} po ON po.user_id = m.user_id AND po.paid > 0
         AND po.created >= %(start)s AND po.created < %(end)s
    LEFT JOIN rates r ON r.currency = po.currency
    WHERE g.campaign_id = %(campaign)s
    GROUP BY g.id, g.holdout
)
SELECT holdout, COUNT(*), COUNT(*) FILTER (WHERE orders > 0), COALESCE(SUM(orders), 0),
       COALESCE(SUM(revenue), 0), COALESCE(SUM(revenue * revenue), 0)
FROM per_member GROUP BY holdout
"""


@dataclass(frozen=True)
class GroupResults:
    members: int
    members_ordered: int
    orders: int
    revenue: Decimal
    revenue_per_member: Decimal
    # The sample variance of revenue per member (0 with fewer than two members).
    variance: Decimal


@dataclass(frozen=True)
class CampaignResults:
    window_days: int
    window_ends_at: datetime
    complete: bool
    currency: str
    treated: GroupResults
    holdout: GroupResults
    uplift_per_member: Optional[Decimal]
    uplift_low: Optional[Decimal]
    uplift_high: Optional[Decimal]
    uplift_revenue: Optional[Decimal]
    coupons_used: int
    coupon_cost: Decimal
    points_given: int
    points_cost: Decimal
    cost: Decimal
    roi: Optional[Decimal]


def _group(row) -> GroupResults:
    if row is None:
        return GroupResults(0, 0, 0, Decimal(0), Decimal(0), Decimal(0))
    members, ordered, orders, revenue, squares = row[1:]
    mean = revenue / members
    variance = (squares - members * mean * mean) / (members - 1) if members > 1 else Decimal(0)
    return GroupResults(members, ordered, orders, revenue, mean, max(variance, Decimal(0)))


def _coupon_cost(campaign: Campaign, program: Program, start: datetime, end: datetime):
    used = Coupon.objects.filter(
        pk__in=CampaignGrant.objects.filter(campaign=campaign, coupon__isnull=False)
        .values("coupon_id"), used_at__gte=start, used_at__lt=end)
    vouchers = [v for v in used.values_list("voucher_id", flat=True) if v is not None]
    cost = Decimal(0)
    if vouchers:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH rates AS ({RATES_SQL})
                    SELECT COALESCE(SUM(d.amount * r.rate), 0)
                    FROM ({voucher_discounts_sql()}) d JOIN rates r ON r.currency = d.currency""",
                {"vouchers": vouchers, **rate_params(program.rates())})
            cost = cursor.fetchone()[0]
    return len(vouchers), cost


def campaign_results(campaign: Campaign, program: Program, now: datetime,
                     window_days: int = DEFAULT_WINDOW_DAYS) -> CampaignResults:
    """The results over `window_days` (1 to MAX_WINDOW_DAYS, checked by the caller)."""
    start = campaign.created_at
    window_ends_at = start + timedelta(days=window_days)
    end = min(window_ends_at, now)
    with connection.cursor() as cursor:
        cursor.execute(_GROUPS_SQL, {"campaign": campaign.pk, "start": start, "end": end,
                                     **rate_params(program.rates())})
        rows = {row[0]: row for row in cursor.fetchall()}
    treated, holdout = _group(rows.get(False)), _group(rows.get(True))
    coupons_used, coupon_cost = _coupon_cost(campaign, program, start, end)
    points_given = CampaignGrant.objects.filter(campaign=campaign).aggregate(
        total=Sum("points"))["total"] or 0
    points_cost = points_given * program.point_value
    cost = coupon_cost + points_cost
    uplift = low = high = uplift_revenue = roi = None
    if treated.members and holdout.members:
        uplift = treated.revenue_per_member - holdout.revenue_per_member
        error = Z_95 * (treated.variance / treated.members
                        + holdout.variance / holdout.members).sqrt()
        low, high = uplift - error, uplift + error
        uplift_revenue = uplift * treated.members
        roi = (uplift_revenue - cost) / cost if cost > 0 else None
    return CampaignResults(
        window_days=window_days, window_ends_at=window_ends_at, complete=now >= window_ends_at,
        currency=program.currency, treated=treated, holdout=holdout, uplift_per_member=uplift,
        uplift_low=low, uplift_high=high, uplift_revenue=uplift_revenue,
        coupons_used=coupons_used, coupon_cost=coupon_cost, points_given=points_given,
        points_cost=points_cost, cost=cost, roi=roi)
