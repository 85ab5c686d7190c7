"""After-sales surveys: answered once per order for points once, results for staff."""
import pytest

from saleor_loyalty.engagement.models import Survey, SurveyAnswer
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.concurrency import run_concurrently
from tests.fixtures.loyalty import balances, make_member
from tests.fixtures.users import PASSWORD, create_customer

ANSWER = """
mutation($survey: ID!, $answers: LoyaltySurveyAnswerInput!) {
  loyaltySurveyAnswer(survey: $survey, answers: $answers) {
    answer { score comment points }
    pointsAwarded
    member { pointsBalance }
    errors { field code }
  }
}
"""
SURVEY_RESULTS = """
query($id: ID!) {
  loyaltySurvey(id: $id) {
    name
    results {
      averageScore answers
      distribution { score count }
      products { product { name } averageScore answers }
      comments(first: 10) { edges { node { score comment } } }
    }
  }
}
"""
PUBLIC_SURVEY = "query($id: ID!) { loyaltySurvey(id: $id) { name question points } }"
SURVEYS = "{ loyaltySurveys(first: 10) { edges { node { name active } } } }"
CREATE = """
mutation($input: LoyaltySurveyInput!) {
  loyaltySurveyCreate(input: $input) { survey { name question points active } errors { field code } }
}
"""
UPDATE = """
mutation($id: ID!, $input: LoyaltySurveyInput!) {
  loyaltySurveyUpdate(id: $id, input: $input) { survey { name points active } errors { field code } }
}
"""


@pytest.fixture
def survey(db):
    return Survey.objects.create(name="After delivery", points=30)


@pytest.fixture
def goods(shop):
    return {"tee": shop.add_variant("Linen Tee", "20.00"), "mug": shop.add_variant("Stone Mug", "12.00")}


def _answer(api, survey, score, comment="", order=None):
    answers = {"score": score, "comment": comment}
    if order is not None:
        answers["order"] = gid("Order", order)
    return api.query(ANSWER, {"survey": gid("LoyaltySurvey", survey), "answers": answers})[
        "loyaltySurveyAnswer"]


def _engagement_rows(member):
    return list(PointsTransaction.objects.filter(member=member, kind="engagement")
                .values_list("key", "points"))


def test_answering_about_an_own_order_gives_the_points_once(
    customer_api, member, survey, goods, order_placer
):
    order = order_placer(customer_api, [(goods["tee"], 1)])

    first = _answer(customer_api, survey, 5, "Lovely tee", order=order)
    second = _answer(customer_api, survey, 1, "Changed my mind", order=order)

    assert first["errors"] == []
    assert first["answer"] == {"score": 5, "comment": "Lovely tee", "points": 30}
    assert first["pointsAwarded"] == 30
    assert first["member"]["pointsBalance"] == 30
    assert second["errors"] == [{"field": "survey", "code": "ALREADY_ANSWERED"}]
    assert second["answer"] is None
    assert _engagement_rows(member) == [(f"survey:{survey.pk}:{member.pk}:{order.pk}", 30)]
    assert balances(member)[0] == 30
    assert list(SurveyAnswer.objects.values_list("score", "product_ids")) == [
        (5, [goods["tee"].product_id])]


def test_each_order_is_its_own_occasion(customer_api, member, survey, goods, order_placer):
    first_order = order_placer(customer_api, [(goods["tee"], 1)])
    second_order = order_placer(customer_api, [(goods["mug"], 1)])

    _answer(customer_api, survey, 4, order=first_order)
    _answer(customer_api, survey, 3, order=second_order)

    assert len(_engagement_rows(member)) == 2
    assert balances(member)[0] == 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_answers_give_the_points_once():
    user = create_customer("eager@example.com")
    member = make_member(user)
    survey = Survey.objects.create(name="After delivery", points=30)
    apis = [ApiClient().login(user.email, PASSWORD) for _ in range(2)]

    outcomes = run_concurrently([lambda api=api: _answer(api, survey, 5) for api in apis])

    codes = sorted(tuple(e["code"] for e in outcome[1]["errors"]) for outcome in outcomes)
    assert codes == [(), ("ALREADY_ANSWERED",)]
    assert SurveyAnswer.objects.count() == 1
    assert _engagement_rows(member) == [(f"survey:{survey.pk}:{member.pk}:", 30)]


def test_a_survey_about_somebody_elses_order_is_refused(
    customer_api, member, other_customer, survey, goods, order_placer
):
    other_api = ApiClient().login(other_customer.email, PASSWORD)
    their_order = order_placer(other_api, [(goods["tee"], 1)], email=other_customer.email)

    result = _answer(customer_api, survey, 5, order=their_order)

    assert result["errors"] == [{"field": "order", "code": "NOT_FOUND"}]
    assert not SurveyAnswer.objects.exists()
    assert _engagement_rows(member) == []


@pytest.mark.parametrize("change, score, comment, expected", [
    ({"active": False}, 5, "", [("survey", "INVALID")]),
    ({}, 0, "", [("score", "INVALID")]),
    ({}, 6, "", [("score", "INVALID")]),
    ({}, 3, "x" * 2001, [("comment", "INVALID")]),
])
def test_bad_answers_are_refused_and_change_nothing(
    customer_api, member, survey, change, score, comment, expected
):
    Survey.objects.filter(pk=survey.pk).update(**change)

    result = _answer(customer_api, survey, score, comment)

    assert [(e["field"], e["code"]) for e in result["errors"]] == expected
    assert not SurveyAnswer.objects.exists()
    assert _engagement_rows(member) == []


def test_a_customer_who_is_no_member_cannot_answer(customer_api, customer_user, survey):
    result = _answer(customer_api, survey, 5)

    assert [e["code"] for e in result["errors"]] == ["NOT_A_MEMBER"]
    assert not SurveyAnswer.objects.exists()


def test_staff_read_results_per_survey_and_per_product_from_real_orders(
    customer_api, member, survey, goods, order_placer, manage_discounts_api, entry_tier
):
    both = order_placer(customer_api, [(goods["tee"], 1), (goods["mug"], 2)])
    _answer(customer_api, survey, 5, "Great quality", order=both)
    buyer = create_customer("buyer@example.com")
    make_member(buyer)
    buyer_api = ApiClient().login(buyer.email, PASSWORD)
    tee_only = order_placer(buyer_api, [(goods["tee"], 1)], email=buyer.email)
    _answer(buyer_api, survey, 2, "", order=tee_only)
    _answer(buyer_api, survey, 3, "No order, just a thought")

    results = manage_discounts_api.query(SURVEY_RESULTS, {"id": gid("LoyaltySurvey", survey)})[
        "loyaltySurvey"]["results"]

    assert results["answers"] == 3
    assert results["averageScore"] == pytest.approx(3.33)
    assert results["distribution"] == [
        {"score": 1, "count": 0}, {"score": 2, "count": 1}, {"score": 3, "count": 1},
        {"score": 4, "count": 0}, {"score": 5, "count": 1}]
    assert results["products"] == [
        {"product": {"name": "Linen Tee"}, "averageScore": 3.5, "answers": 2},
        {"product": {"name": "Stone Mug"}, "averageScore": 5.0, "answers": 1},
    ]
    assert [edge["node"] for edge in results["comments"]["edges"]] == [
        {"score": 3, "comment": "No order, just a thought"},
        {"score": 5, "comment": "Great quality"},
    ]


def test_customers_read_only_what_the_form_needs(customer_api, api_client, survey):
    public = customer_api.query(PUBLIC_SURVEY, {"id": gid("LoyaltySurvey", survey)})
    results = customer_api.post(SURVEY_RESULTS, {"id": gid("LoyaltySurvey", survey)})
    listing = api_client.post(SURVEYS)

    assert public["loyaltySurvey"] == {
        "name": "After delivery", "question": "How satisfied are you with your order?", "points": 30}
    assert results["data"]["loyaltySurvey"]["results"] is None
    assert results["errors"]
    assert listing["data"]["loyaltySurveys"] is None
    assert listing["errors"]


def test_staff_create_and_change_surveys(manage_discounts_api, manage_users_api):
    created = manage_discounts_api.query(CREATE, {"input": {
        "name": "Usage tips follow-up", "question": "How do you like it?", "points": 20}})[
        "loyaltySurveyCreate"]
    survey = Survey.objects.get()
    updated = manage_users_api.query(UPDATE, {"id": gid("LoyaltySurvey", survey), "input": {
        "points": 40, "active": False}})["loyaltySurveyUpdate"]

    assert created == {"survey": {"name": "Usage tips follow-up", "question": "How do you like it?",
                                  "points": 20, "active": True}, "errors": []}
    assert updated == {"survey": {"name": "Usage tips follow-up", "points": 40, "active": False},
                       "errors": []}
    assert manage_users_api.query(SURVEYS)["loyaltySurveys"]["edges"] == [
        {"node": {"name": "Usage tips follow-up", "active": False}}]


@pytest.mark.parametrize("given, expected", [
    ({"name": ""}, [("name", "REQUIRED")]),
    ({"name": "x" * 101}, [("name", "INVALID")]),
    ({"name": "Survey", "points": -1}, [("points", "INVALID")]),
    ({"name": "Survey", "points": 10 ** 7}, [("points", "INVALID")]),
    ({"name": "Survey", "question": " "}, [("question", "INVALID")]),
])
def test_bad_survey_input_is_refused_with_codes(manage_discounts_api, given, expected):
    errors = manage_discounts_api.query(CREATE, {"input": given})["loyaltySurveyCreate"]["errors"]

    assert [(e["field"], e["code"]) for e in errors] == expected
    assert not Survey.objects.exists()


def test_survey_mutations_need_manage_users_or_manage_discounts(staff_api, customer_api, survey):
    for api in (staff_api, customer_api):
        created = api.query(CREATE, {"input": {"name": "Sneaky"}})["loyaltySurveyCreate"]
        updated = api.query(UPDATE, {"id": gid("LoyaltySurvey", survey), "input": {"points": 1000}})[
            "loyaltySurveyUpdate"]
        assert [e["code"] for e in created["errors"]] == ["PERMISSION_DENIED"]
        assert [e["code"] for e in updated["errors"]] == ["PERMISSION_DENIED"]
    survey.refresh_from_db()
    assert (Survey.objects.count(), survey.points) == (1, 30)
