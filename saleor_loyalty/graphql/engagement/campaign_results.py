"""LoyaltyCampaign.results: treated against holdout (engagement.campaign_results)."""
import graphene
from django.utils import timezone
from graphql.error import GraphQLError

from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement import campaign_results
from saleor_loyalty.host.graphql import DateTime, Decimal, Money


def _money(amount, currency):
    return None if amount is None else Money(amount=amount, currency=currency)


class LoyaltyCampaignGroupResults(graphene.ObjectType):
    members = graphene.Int(required=True)
    members_ordered = graphene.Int(required=True, description="Members who placed a paid order.")
    orders = graphene.Int(required=True, description="Paid orders.")
    revenue = graphene.Field(Money, required=True, description="Money kept from those orders.")
    revenue_per_member = graphene.Field(Money, required=True)


class LoyaltyCampaignResults(graphene.ObjectType):
    window_days = graphene.Int(required=True)
    window_ends_at = DateTime(required=True)
    complete = graphene.Boolean(required=True, description="False while the window is open.")
    treated = graphene.Field(LoyaltyCampaignGroupResults, required=True,
                             description="The members who got the gift.")
    holdout = graphene.Field(LoyaltyCampaignGroupResults, required=True,
                             description="The members kept without it.")
    uplift_per_member = graphene.Field(
        Money, description="Revenue per member, treated minus holdout; null without a holdout.")
    uplift_low = graphene.Field(Money, description="The uplift's 95 % confidence interval: low end.")
    uplift_high = graphene.Field(Money, description="... and high end.")
    uplift_revenue = graphene.Field(Money, description="The uplift times the treated members.")
    coupons_used = graphene.Int(required=True)
    coupon_cost = graphene.Field(Money, required=True,
                                 description="Discounts the campaign's coupons gave.")
    points_given = graphene.Int(required=True)
    points_cost = graphene.Field(Money, required=True, description="Points at the point value.")
    cost = graphene.Field(Money, required=True)
    roi = Decimal(description="(uplift revenue - cost) / cost; null without a holdout or a cost.")

    class Meta:
        description = ("What a campaign brought over a window after sending: treated members "
                       "against its holdout, in the program's base currency.")


def _group(group, currency) -> LoyaltyCampaignGroupResults:
    return LoyaltyCampaignGroupResults(
        members=group.members, members_ordered=group.members_ordered, orders=group.orders,
        revenue=_money(group.revenue, currency),
        revenue_per_member=_money(group.revenue_per_member, currency))


def resolve_results(campaign, window_days=None) -> LoyaltyCampaignResults:
    window_days = campaign_results.DEFAULT_WINDOW_DAYS if window_days is None else window_days
    if not 1 <= window_days <= campaign_results.MAX_WINDOW_DAYS:
        raise GraphQLError(f"`windowDays` is 1 to {campaign_results.MAX_WINDOW_DAYS}.")
    r = campaign_results.campaign_results(campaign, load_program(), timezone.now(), window_days)
    currency = r.currency
    return LoyaltyCampaignResults(
        window_days=r.window_days, window_ends_at=r.window_ends_at, complete=r.complete,
        treated=_group(r.treated, currency), holdout=_group(r.holdout, currency),
        uplift_per_member=_money(r.uplift_per_member, currency),
        uplift_low=_money(r.uplift_low, currency), uplift_high=_money(r.uplift_high, currency),
        uplift_revenue=_money(r.uplift_revenue, currency), coupons_used=r.coupons_used,
        coupon_cost=_money(r.coupon_cost, currency), points_given=r.points_given,
        points_cost=_money(r.points_cost, currency), cost=_money(r.cost, currency),
        roi=None if r.roi is None else round(r.roi, 4))
