import graphene
from django.utils import timezone

from saleor_loyalty.engagement import surveys
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.engagement.surveys import SURVEY_STAFF, LoyaltySurvey


class LoyaltySurveyInput(graphene.InputObjectType):
    name = graphene.String(description="Shown to staff; required when creating.")
    question = graphene.String(description="Asked above the 1-5 score.")
    points = graphene.Int(description=f"Points an answer gives, once (0 to {surveys.MAX_POINTS}).")
    active = graphene.Boolean(description="Whether it takes answers.")


class LoyaltySurveyCreate(LoyaltyMutation):
    survey = graphene.Field(LoyaltySurvey)

    class Arguments:
        input = LoyaltySurveyInput(required=True)

    class Meta:
        description = "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): create a survey."
        permissions = SURVEY_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, input):
        return cls(survey=surveys.create_survey(dict(input), timezone.now()), errors=[])
