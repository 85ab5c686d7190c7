from typing import Optional

import graphene
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement import surveys
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_requester_member_or_error
from saleor_loyalty.graphql.engagement.surveys import LoyaltySurveyResponse, get_survey_or_error
from saleor_loyalty.graphql.members.types import LoyaltyMember


def _order_key(global_id: Optional[str]) -> str:
    """The key of the order a Relay ID of an Order names ("" for none given)."""
    if not global_id:
        return ""
    try:
        type_name, key = graphene.Node.from_global_id(global_id)
    except Exception:  # noqa: BLE001 - an undecodable ID names nothing
        type_name, key = None, None
    if type_name != "Order" or not key:
        raise loyalty_error(LoyaltyErrorCode.NOT_FOUND, "You have no such order.", "order")
    return key


class LoyaltySurveyAnswerInput(graphene.InputObjectType):
    score = graphene.Int(required=True, description="1 (poor) to 5 (excellent).")
    comment = graphene.String(description=f"At most {surveys.MAX_COMMENT} characters.")
    order = graphene.ID(description="ID of the Order the answer is about (one of yours).")


class LoyaltySurveyAnswer(LoyaltyMutation):
    answer = graphene.Field(LoyaltySurveyResponse)
    points_awarded = graphene.Int(description="Points the answer gave.")
    member = graphene.Field(LoyaltyMember)

    class Arguments:
        survey = graphene.ID(required=True, description="ID of the LoyaltySurvey.")
        answers = LoyaltySurveyAnswerInput(required=True)

    class Meta:
        description = (
            "Customer: answer a survey, once per survey and order; the survey's points "
            "are given once."
        )
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info, survey, answers):
        member = get_requester_member_or_error(info)
        survey = get_survey_or_error(survey, "survey")
        answer, points = surveys.answer_survey(
            member, survey, answers["score"], answers.get("comment") or "",
            _order_key(answers.get("order")), program=load_program(), now=timezone.now(),
        )
        member.refresh_from_db()
        return cls(answer=answer, points_awarded=points, member=member, errors=[])
