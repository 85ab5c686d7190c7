"""Surveys in the API: the survey a customer answers (its name, question and points are
public, to render the form) and, for staff (MANAGE_USERS or MANAGE_DISCOUNTS), every
survey with its results per score, per product and its comments."""
import graphene
from graphene import relay

from saleor_loyalty.engagement import surveys
from saleor_loyalty.engagement.models import Survey, SurveyAnswer
from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.graphql.core.utils import get_instance_or_error, parse_global_id
from saleor_loyalty.host.graphql import (
    CountableConnectionField,
    DateTime,
    ModelObjectType,
    Product,
    SaleorTypeField,
)
from saleor_loyalty.host.permissions import MANAGE_DISCOUNTS, MANAGE_USERS, has_any_permission
from saleor_loyalty.host.products import all_products

SURVEY_STAFF = (MANAGE_USERS, MANAGE_DISCOUNTS)
MAX_PRODUCTS = 500


def get_survey_or_error(global_id: str, field: str) -> Survey:
    return get_instance_or_error(global_id, "LoyaltySurvey", Survey.objects.all(), field)


class LoyaltySurveyResponse(ModelObjectType):
    score = graphene.Int(required=True)
    comment = graphene.String(required=True)
    points = graphene.Int(required=True, description="Points the answer gave.")
    created_at = DateTime(required=True)

    class Meta:
        description = "A member's answer to a survey: a 1-5 score and a comment."
        interfaces = [relay.Node]
        model = SurveyAnswer

    @classmethod
    def get_node(cls, info, id):
        """Answers are read by staff only (a customer gets theirs from the mutation)."""
        if not has_any_permission(info.context, SURVEY_STAFF):
            return None
        return SurveyAnswer.objects.filter(pk=id).first()


class LoyaltySurveyScoreCount(graphene.ObjectType):
    score = graphene.Int(required=True)
    count = graphene.Int(required=True)


class LoyaltySurveyProductResult(graphene.ObjectType):
    product = SaleorTypeField(Product, description="Null when the product was deleted since.")
    average_score = graphene.Float(required=True)
    answers = graphene.Int(required=True, description="Answers about orders holding it.")


class LoyaltySurveyResults(graphene.ObjectType):
    average_score = graphene.Float(description="Null before the first answer.")
    answers = graphene.Int(required=True)
    distribution = graphene.List(
        graphene.NonNull(LoyaltySurveyScoreCount), required=True,
        description="Answers per score, 1 to 5.",
    )
    products = graphene.List(
        graphene.NonNull(LoyaltySurveyProductResult), required=True,
        first=graphene.Int(description=f"At most this many products (default 100, up to {MAX_PRODUCTS})."),
        description="Per product of the orders answered about, most answered first.",
    )
    comments = CountableConnectionField(
        LoyaltySurveyResponse, description="Answers with a comment, newest first."
    )

    def __init__(self, survey: Survey):
        super().__init__()
        self.survey = survey
        self.summary = surveys.survey_results(survey)

    @staticmethod
    def resolve_average_score(root, _info):
        return root.summary.average_score

    @staticmethod
    def resolve_answers(root, _info):
        return root.summary.answers

    @staticmethod
    def resolve_distribution(root, _info):
        return [LoyaltySurveyScoreCount(score=s, count=c) for s, c in root.summary.distribution]

    @staticmethod
    def resolve_products(root, _info, first=None):
        limit = max(1, min(first or 100, MAX_PRODUCTS))
        results = surveys.product_results(root.survey, limit)
        products = all_products().in_bulk([result.product_id for result in results])
        return [
            LoyaltySurveyProductResult(
                product=products.get(result.product_id),
                average_score=result.average_score, answers=result.answers,
            )
            for result in results
        ]

    @staticmethod
    def resolve_comments(root, _info, **_kwargs):
        return surveys.comments(root.survey)


class LoyaltySurvey(ModelObjectType):
    name = graphene.String(required=True)
    question = graphene.String(required=True)
    points = graphene.Int(required=True, description="Points an answer gives, once.")
    active = graphene.Boolean(required=True, description="Whether it takes answers.")
    created_at = DateTime(required=True)
    results = graphene.Field(
        LoyaltySurveyResults,
        description="Staff (MANAGE_USERS or MANAGE_DISCOUNTS): scores, products, comments.",
    )

    class Meta:
        description = (
            "A short satisfaction survey: a 1-5 score and a comment. Its name, question and "
            "points are public (to render the form); its results are for staff."
        )
        interfaces = [relay.Node]
        model = Survey

    @staticmethod
    @staff_required(*SURVEY_STAFF, any_of=True)
    def resolve_results(root: Survey, _info):
        return LoyaltySurveyResults(root)


def resolve_loyalty_survey(global_id):
    pk = parse_global_id(global_id, "LoyaltySurvey")
    return Survey.objects.filter(pk=pk).first() if pk is not None else None


class SurveyQueries(graphene.ObjectType):
    loyalty_survey = graphene.Field(
        LoyaltySurvey,
        id=graphene.ID(required=True, description="ID of the LoyaltySurvey."),
        description=(
            "A survey: its name, question and points for anybody (to render the form); its "
            "results for staff (MANAGE_USERS or MANAGE_DISCOUNTS)."
        ),
    )
    loyalty_surveys = CountableConnectionField(
        LoyaltySurvey,
        description="Staff (MANAGE_USERS or MANAGE_DISCOUNTS): surveys, newest first.",
    )

    @staticmethod
    def resolve_loyalty_survey(_root, _info, id):
        return resolve_loyalty_survey(id)

    @staticmethod
    @staff_required(*SURVEY_STAFF, any_of=True)
    def resolve_loyalty_surveys(_root, _info, **_kwargs):
        return Survey.objects.all()
