from saleor_loyalty.engagement.models import Campaign
from saleor_loyalty.graphql.core.utils import parse_global_id


def resolve_loyalty_campaign(global_id):
    pk = parse_global_id(global_id, "LoyaltyCampaign")
    return Campaign.objects.filter(pk=pk).first() if pk is not None else None


def resolve_loyalty_campaigns():
    return Campaign.objects.all()
