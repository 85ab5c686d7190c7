import graphene

from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.graphql.engagement.mutations.campaign_send import LoyaltyCampaignSend
from saleor_loyalty.graphql.engagement.mutations.check_in import LoyaltyCheckIn
from saleor_loyalty.graphql.engagement.mutations.referral_code_apply import (
    LoyaltyReferralCodeApply,
)
from saleor_loyalty.graphql.engagement.mutations.survey_answer import LoyaltySurveyAnswer
from saleor_loyalty.graphql.engagement.mutations.survey_create import LoyaltySurveyCreate
from saleor_loyalty.graphql.engagement.mutations.survey_update import LoyaltySurveyUpdate
from saleor_loyalty.graphql.engagement.resolvers import (
    resolve_loyalty_campaign,
    resolve_loyalty_campaigns,
)
from saleor_loyalty.graphql.engagement.surveys import SurveyQueries
from saleor_loyalty.graphql.engagement.types import LoyaltyCampaign
from saleor_loyalty.host.graphql import CountableConnectionField
from saleor_loyalty.host.permissions import MANAGE_DISCOUNTS


class EngagementQueries(SurveyQueries, graphene.ObjectType):
    loyalty_campaign = graphene.Field(
        LoyaltyCampaign,
        id=graphene.ID(required=True, description="ID of the LoyaltyCampaign."),
        description="Staff (MANAGE_DISCOUNTS): one campaign and its progress.",
    )
    loyalty_campaigns = CountableConnectionField(
        LoyaltyCampaign, description="Staff (MANAGE_DISCOUNTS): campaigns, newest first."
    )

    @staff_required(MANAGE_DISCOUNTS)
    def resolve_loyalty_campaign(self, _info, id):
        return resolve_loyalty_campaign(id)

    @staff_required(MANAGE_DISCOUNTS)
    def resolve_loyalty_campaigns(self, _info, **_kwargs):
        return resolve_loyalty_campaigns()


class EngagementMutations(graphene.ObjectType):
    loyalty_check_in = LoyaltyCheckIn.Field()
    loyalty_referral_code_apply = LoyaltyReferralCodeApply.Field()
    loyalty_campaign_send = LoyaltyCampaignSend.Field()
    loyalty_survey_answer = LoyaltySurveyAnswer.Field()
    loyalty_survey_create = LoyaltySurveyCreate.Field()
    loyalty_survey_update = LoyaltySurveyUpdate.Field()
