"""After-sales surveys: a 1-5 score and a comment, once per member, survey and order.

Answering gives the survey's points once. The member row is locked first, so two
simultaneous answers take turns and the second finds the first; the (survey, member,
order) unique constraint and the ledger key `survey:<survey>:<member>:<order>` are the
backstops. The answer keeps the products of the order it is about, so results per
product are one aggregate over the answers.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional, Tuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, Count, Q

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector, loyalty_error
from saleor_loyalty.core.program import Program
from saleor_loyalty.engagement.models import Survey, SurveyAnswer
from saleor_loyalty.host.customer_orders import products_of_customer_order
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import TransactionKind
from saleor_loyalty.tiers import qualification

MAX_COMMENT = 2000
MAX_POINTS = 10 ** 6
SCORES = range(1, 6)


def _validated(data: dict, current: Optional[Survey] = None) -> dict:
    """The survey fields of `data` (those given; all of them for a new survey), checked."""
    errors = ErrorCollector()
    changes = {}
    if current is None or "name" in data:
        name = (data.get("name") or "").strip()
        if not name or len(name) > 100:
            errors.add("name", LoyaltyErrorCode.REQUIRED if not name else LoyaltyErrorCode.INVALID,
                       "A survey needs a name of at most 100 characters.")
        changes["name"] = name
    if data.get("question") is not None:
        question = data["question"].strip()
        if not question or len(question) > 255:
            errors.add("question", LoyaltyErrorCode.INVALID,
                       "The question is 1 to 255 characters.")
        changes["question"] = question
    if data.get("points") is not None:
        if not 0 <= data["points"] <= MAX_POINTS:
            errors.add("points", LoyaltyErrorCode.INVALID, f"Points are 0 to {MAX_POINTS}.")
        changes["points"] = data["points"]
    if data.get("active") is not None:
        changes["active"] = data["active"]
    errors.raise_if_any()
    return changes


def create_survey(data: dict, now: datetime) -> Survey:
    return Survey.objects.create(created_at=now, **_validated(data))


def update_survey(survey: Survey, data: dict) -> Survey:
    changes = _validated(data, current=survey)
    for field, value in changes.items():
        setattr(survey, field, value)
    if changes:
        survey.save(update_fields=list(changes))
    return survey


def _already() -> Exception:
    return loyalty_error(
        LoyaltyErrorCode.ALREADY_ANSWERED, "You have answered this survey already.", "survey")


def answer_key(survey: Survey, member: Member, order_key: str) -> str:
    return f"survey:{survey.pk}:{member.pk}:{order_key}"


def _checked_answer(member: Member, survey: Survey, score: int, comment: str,
                    order_key: str, program: Program) -> List[int]:
    """Refuse a bad answer; the products of the order it is about."""
    if not program.active:
        raise loyalty_error(LoyaltyErrorCode.PROGRAM_INACTIVE, "The loyalty program is not active.")
    errors = ErrorCollector()
    if not survey.active:
        errors.add("survey", LoyaltyErrorCode.INVALID, "This survey is closed.")
    if score not in SCORES:
        errors.add("score", LoyaltyErrorCode.INVALID, "The score is a whole number from 1 to 5.")
    if len(comment) > MAX_COMMENT:
        errors.add("comment", LoyaltyErrorCode.INVALID,
                   f"The comment is at most {MAX_COMMENT} characters.")
    product_ids = []
    if order_key:
        found = products_of_customer_order(order_key, member.user_id)
        if found is None:
            errors.add("order", LoyaltyErrorCode.NOT_FOUND, "You have no such order.")
        product_ids = found or []
    errors.raise_if_any()
    return product_ids


def answer_survey(member: Member, survey: Survey, score: int, comment: str, order_key: str,
                  *, program: Program, now: datetime) -> Tuple[SurveyAnswer, int]:
    """Record the member's answer about the order `order_key` (empty: about no order)
    and credit the survey's points once; returns (answer, points given)."""
    comment = (comment or "").strip()
    order_key = order_key or ""
    product_ids = _checked_answer(member, survey, score, comment, order_key, program)
    with transaction.atomic():
        locked = ledger.lock_member(member.pk)
        answers = SurveyAnswer.objects.filter(survey=survey, member=locked, order_key=order_key)
        if answers.exists():
            raise _already()
        try:
            with transaction.atomic():
                answer = SurveyAnswer.objects.create(
                    survey=survey, member=locked, order_key=order_key, product_ids=product_ids,
                    score=score, comment=comment, points=survey.points, created_at=now,
                )
        except IntegrityError:
            raise _already()
        given = 0
        if survey.points > 0:
            lot = ledger.credit(
                locked, key=answer_key(survey, locked, order_key),
                kind=TransactionKind.ENGAGEMENT, points=survey.points, now=now,
                lifetime_days=program.points_lifetime_days,
                reason=f"Answered the survey {survey.name}",
            )
            given = lot.points if lot is not None else 0
            qualification.apply_upgrades([locked.pk], program, now)
        return answer, given


@dataclass(frozen=True)
class SurveyResults:
    answers: int
    average_score: Optional[float]
    # (score, answers) for every score 1..5, zeros included.
    distribution: List[Tuple[int, int]]


@dataclass(frozen=True)
class ProductResult:
    product_id: int
    answers: int
    average_score: float


def _average(value) -> Optional[float]:
    return None if value is None else round(float(value), 2)


def survey_results(survey: Survey) -> SurveyResults:
    """Count, average and distribution of the survey's scores: one query."""
    per_score = {f"score_{s}": Count("id", filter=Q(score=s)) for s in SCORES}
    row = SurveyAnswer.objects.filter(survey=survey).aggregate(
        answers=Count("id"), average=Avg("score"), **per_score)
    return SurveyResults(
        answers=row["answers"],
        average_score=_average(row["average"]),
        distribution=[(s, row[f"score_{s}"]) for s in SCORES],
    )


_PRODUCTS_SQL = """
SELECT product_id, COUNT(*) AS answers, AVG(a.score) AS average
FROM {answers} a CROSS JOIN LATERAL unnest(a.product_ids) AS product_id
WHERE a.survey_id = %(survey)s
GROUP BY product_id
ORDER BY answers DESC, product_id
LIMIT %(limit)s
"""


def product_results(survey: Survey, limit: int = 100) -> List[ProductResult]:
    """Count and average score of the answers about orders holding each product, most
    answered first: one query."""
    sql = _PRODUCTS_SQL.format(answers=SurveyAnswer._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"survey": survey.pk, "limit": limit})
        rows = cursor.fetchall()
    return [ProductResult(product_id, answers, _average(average))
            for product_id, answers, average in rows]


def comments(survey: Survey):
    """The survey's answers with a comment, newest first."""
    return SurveyAnswer.objects.filter(survey=survey).exclude(comment="").order_by(
        "-created_at", "-id")
