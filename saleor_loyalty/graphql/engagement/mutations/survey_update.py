import graphene

from saleor_loyalty.engagement import surveys
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.engagement.mutations.survey_create import LoyaltySurveyInput
from saleor_loyalty.graphql.engagement.surveys import (
    SURVEY_STAFF,
    LoyaltySurvey,
    get_survey_or_error,
)


class LoyaltySurveyUpdate(LoyaltyMutation):
    survey = graphene.Field(LoyaltySurvey)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the LoyaltySurvey.")
        input = LoyaltySurveyInput(required=True)

    class Meta:
        description = (
            "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): change a survey; answers given "
            "keep their points."
        )
        permissions = SURVEY_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, id, input):
        survey = get_survey_or_error(id, "id")
        return cls(survey=surveys.update_survey(survey, dict(input)), errors=[])
