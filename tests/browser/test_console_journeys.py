"""Journeys, surveys and members' messages in the merchant console (headless Chromium,
against the demo shop served by runserver), on both hosts."""
from urllib.parse import unquote

import pytest

from tests.fixtures.console import CATALOGUE_STAFF, CUSTOMER_PASSWORD, STAFF, open_console

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

JOURNEY_CREATE = """
mutation($input: LoyaltyJourneyInput!) {
  loyaltyJourneyCreate(input: $input) { journey { id } errors { field message } }
}
"""
JOURNEY_ACTIVE = "query($id: ID!) { loyaltyJourney(id: $id) { active } }"
JOURNEY_NAMES = "{ loyaltyJourneys(first: 100) { edges { node { id name active pointsGap } } } }"
SURVEY_ANSWER = """
mutation($survey: ID!, $answers: LoyaltySurveyAnswerInput!) {
  loyaltySurveyAnswer(survey: $survey, answers: $answers) { errors { field message } }
}
"""
MY_ORDERS = "{ me { orders(first: 20) { edges { node { id status lines { id } } } } } }"


def requires_journeys(server):
    if not server.schema_has("mutation", "loyaltyJourneyCreate"):
        pytest.skip("loyaltyJourneyCreate not in schema yet")


def staff_graphql(server, query, variables=None):
    answer = server.graphql(query, variables, token=server.token(*STAFF))
    assert not answer.get("errors"), answer
    return answer["data"]


def create_journey(server, name):
    created = staff_graphql(server, JOURNEY_CREATE, {"input": {
        "name": name, "trigger": "FIRST_ORDER",
        "steps": [{"waitHours": 2, "templates": {"email": "Welcome, {first_name}!"}}],
    }})["loyaltyJourneyCreate"]
    assert created["errors"] == []
    return created["journey"]["id"]


def fill_new_journey(console, name, template):
    console.open("journeys/new")
    form = console.by_test_id("journey-form")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=trigger]").select_option("NEAR_NEXT_TIER")
    form.locator("input[name=pointsGap]").fill("150")
    step = console.by_test_id("step-0")
    step.locator("input[name=waitHours]").fill("0")
    step.locator("input[name=bonusPoints]").fill("20")
    step.locator("textarea[name=template-email]").fill(template)
    form.locator("button[type=submit]").click()
    return form


def test_staff_creates_a_journey_and_sees_it_listed(console, demo_server):
    requires_journeys(demo_server)
    console.sign_in_as_staff()
    fill_new_journey(console, "Browser nudge", "{first_name}, {points} points: almost {tier}!")

    console.by_test_id("journey-status").wait_for()  # the new journey's page
    assert console.by_test_id("journey-status").get_by_text("Browser nudge").first.is_visible()
    console.open("journeys")
    listed = console.by_test_id("journeys").get_by_test_id("journey-name").filter(has_text="Browser nudge")
    listed.wait_for()
    journeys = staff_graphql(demo_server, JOURNEY_NAMES)["loyaltyJourneys"]["edges"]
    created = next(edge["node"] for edge in journeys if edge["node"]["name"] == "Browser nudge")
    assert created["active"] is True and created["pointsGap"] == 150


def test_an_unknown_placeholder_shows_the_apis_error_next_to_the_template(console, demo_server):
    requires_journeys(demo_server)
    console.sign_in_as_staff()
    form = fill_new_journey(console, "Browser typo", "Hi {nickname}, come back!")

    error = form.locator("[data-testid=field-error][data-field='steps.0.templates']")
    error.wait_for()
    assert "{nickname}" in error.inner_text()
    assert "{first_name}" in console.by_test_id("placeholder-hint").first.inner_text()
    names = [edge["node"]["name"] for edge in staff_graphql(demo_server, JOURNEY_NAMES)["loyaltyJourneys"]["edges"]]
    assert "Browser typo" not in names


def test_staff_pauses_and_resumes_a_journey(console, demo_server):
    requires_journeys(demo_server)
    journey = create_journey(demo_server, "Browser pausable")
    console.sign_in_as_staff()
    console.open(f"journeys/{journey}")
    active = console.by_test_id("journey-status").get_by_test_id("journey-active")
    active.wait_for()
    assert active.get_attribute("data-value") == "true"

    console.by_test_id("journey-toggle").click()
    console.page.wait_for_function("el => el.dataset.value === 'false'", arg=active.element_handle())
    paused = staff_graphql(demo_server, JOURNEY_ACTIVE, {"id": journey})["loyaltyJourney"]["active"]
    console.by_test_id("journey-toggle").click()
    console.page.wait_for_function("el => el.dataset.value === 'true'", arg=active.element_handle())

    assert paused is False
    assert staff_graphql(demo_server, JOURNEY_ACTIVE, {"id": journey})["loyaltyJourney"]["active"] is True
    assert console.by_test_id("journey-deliveries").get_by_test_id("empty").is_visible()


def test_staff_deletes_a_journey_after_confirming(console, demo_server):
    requires_journeys(demo_server)
    journey = create_journey(demo_server, "Browser deletable")
    console.sign_in_as_staff()
    console.open(f"journeys/{journey}")
    console.page.on("dialog", lambda dialog: dialog.accept())
    console.by_test_id("journey-delete").click()

    console.by_test_id("journeys").wait_for()  # back on the list
    names = [edge["node"]["name"] for edge in staff_graphql(demo_server, JOURNEY_NAMES)["loyaltyJourneys"]["edges"]]
    assert "Browser deletable" not in names


def test_staff_managing_neither_customers_nor_discounts_see_journeys_and_surveys_refused(console):
    console.sign_in(*CATALOGUE_STAFF)
    console.by_test_id("viewer-email").wait_for(state="attached")
    for route in ("journeys", "surveys"):
        console.open(route)
        notice = console.by_test_id("permission-missing")
        notice.wait_for()
        assert "MANAGE_USERS" in notice.inner_text() and "MANAGE_DISCOUNTS" in notice.inner_text()
        assert console.page.get_by_test_id("journeys").count() == 0


def answer(server, email, survey, score, comment, order=None):
    answers = {"score": score, "comment": comment, **({"order": order} if order else {})}
    result = server.graphql(SURVEY_ANSWER, {"survey": survey, "answers": answers},
                            token=server.token(email, CUSTOMER_PASSWORD))
    assert result["data"]["loyaltySurveyAnswer"]["errors"] == [], result


def test_the_survey_page_shows_a_surveys_results(console, demo_server):
    if not demo_server.schema_has("mutation", "loyaltySurveyCreate"):
        pytest.skip("loyaltySurveyCreate not in schema yet")
    console.sign_in_as_staff()
    console.open("surveys")
    form = console.by_test_id("survey-form")
    form.locator("input[name=name]").fill("Browser survey")
    form.locator("textarea[name=question]").fill("How was the delivery?")
    form.locator("input[name=points]").fill("5")
    form.locator("button[type=submit]").click()
    console.by_test_id("survey-title").wait_for()
    survey = unquote(console.page.url.rsplit("/", 1)[1])

    token = demo_server.token(demo_server.member_email, CUSTOMER_PASSWORD)
    orders = demo_server.graphql(MY_ORDERS, token=token)["data"]["me"]["orders"]["edges"]
    order = next((edge["node"]["id"] for edge in orders if edge["node"]["lines"]), None)
    answer(demo_server, demo_server.member_email, survey, 4, "Fast and friendly", order)
    answer(demo_server, demo_server.new_member("browser-survey-1@example.com"), survey, 5, "Perfect")
    answer(demo_server, demo_server.new_member("browser-survey-2@example.com"), survey, 2, "Box was damaged")
    console.page.reload()

    answers = console.by_test_id("kpi-survey-answers")
    answers.wait_for()
    assert answers.get_attribute("data-value") == "3"
    assert abs(float(console.by_test_id("kpi-survey-average").get_attribute("data-value")) - 11 / 3) < 0.01
    assert console.by_test_id("survey-distribution").locator("svg[data-chart] rect").count() == 5
    comments = console.by_test_id("survey-comment-list")
    for text in ("Fast and friendly", "Perfect", "Box was damaged"):
        assert comments.get_by_text(text).is_visible()
    if order:
        assert console.by_test_id("survey-products").locator("tbody tr").count() >= 1


def test_a_member_page_shows_the_members_channels_and_messages(console, demo_server):
    if not demo_server.type_has("LoyaltyMember", "deliveries"):
        pytest.skip("LoyaltyMember.deliveries not in schema yet")
    console.sign_in_as_staff()
    console.open("members")
    console.page.fill("input[name=member-email]", demo_server.member_email)
    console.by_test_id("find-member").locator("button[type=submit]").click()
    messages = console.by_test_id("member-messages")
    messages.get_by_test_id("member-channels").wait_for()

    email = messages.locator("[data-channel=email]").get_attribute("data-value")
    assert email in ("true", "false")
    assert messages.get_by_test_id("deliveries").count() + messages.get_by_test_id("empty").count() == 1


def test_screenshots_of_the_journeys_and_surveys_pages(chromium, demo_server):
    requires_journeys(demo_server)
    context, console = open_console(chromium, demo_server, width=1280)
    console.sign_in_as_staff()
    shots = []
    for route, ready, name in (("journeys", "journey-name", "journeys-1280"), ("surveys", "survey-name", "surveys-1280")):
        console.open(route)
        console.by_test_id(ready).first.wait_for()
        console.page.wait_for_load_state("networkidle")
        shots.append(console.screenshot(name))
    console.by_test_id("survey-name").first.click()
    console.by_test_id("kpi-survey-answers").wait_for()
    console.page.wait_for_load_state("networkidle")
    shots.append(console.screenshot("survey-results-1280"))
    console.open("journeys")
    console.by_test_id("journey-name").first.click()
    console.by_test_id("journey-form").wait_for()
    console.page.wait_for_load_state("networkidle")
    shots.append(console.screenshot("journey-detail-1280"))
    page_width = console.page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert all(shot.stat().st_size > 10_000 for shot in shots)
    assert page_width <= 1280
