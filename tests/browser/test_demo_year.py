"""The demo shop a year into its program (issue 18): `loyaltyStats` over the last twelve
months has several hundred members who come back as a real shop's do, points issued,
spent and expired, a pyramid of tiers by share, and every chart of the console has
something to draw, at 1280 and 390 px (screenshots in the test output)."""
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from saleor_loyalty.demo.journeys import DEMO_SURVEY
from saleor_loyalty.demo.year import CAMPAIGN_NAME
from tests.fixtures.console import STAFF, open_console

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

STATS = """
query($period: LoyaltyStatsPeriodInput) { loyaltyStats(period: $period) {
  members userRepurchaseRate pointsIssued pointsRedeemed pointsExpired
  tierDistribution { tier { slug } share }
  couponRedemption { kind issued used }
} }
"""
CAMPAIGNS = "{ loyaltyCampaigns(first: 20) { edges { node { id name holdoutMembers } } } }"
SURVEYS = "{ loyaltySurveys(first: 20) { edges { node { id name } } } }"
# Each page, and the charts it draws once its data came: (route, [card test ids]).
PAGES = [
    ("", ["points-series", "tier-pyramid", "aov"]),
    ("tiers", []),
    ("segments", ["segment-counts"]),
    ("returning", ["orders-by-weekday", "orders-by-hour", "top-products", "top-categories"]),
]


def api(server, query, variables=None):
    answer = server.graphql(query, variables or {}, token=server.token(*STAFF))
    assert "errors" not in answer, answer
    return answer["data"]


def test_a_year_of_the_program_shows_in_the_statistics(demo_server):
    now = datetime.now(timezone.utc)
    period = {"gte": (now - timedelta(days=365)).isoformat(), "lte": now.isoformat()}

    stats = api(demo_server, STATS, {"period": period})["loyaltyStats"]

    assert stats["members"] > 300
    assert 0.15 <= stats["userRepurchaseRate"] <= 0.6
    assert min(stats["pointsIssued"], stats["pointsRedeemed"], stats["pointsExpired"]) > 0
    shares = {row["tier"]["slug"]: row["share"] for row in stats["tierDistribution"]}
    assert 0.7 <= shares["member"] <= 0.85 and 0.12 <= shares["silver"] <= 0.22
    assert 0.02 <= shares["gold"] <= 0.05 and 0 < shares["black"] <= 0.02
    used = {row["kind"]: row["used"] for row in stats["couponRedemption"]}
    assert used["CAMPAIGN"] > 0


@pytest.mark.parametrize("width", [1280, 390])
def test_every_chart_of_the_console_has_the_year_to_draw(chromium, demo_server, width):
    context, console = open_console(chromium, demo_server, width=width)
    console.sign_in_as_staff()
    drawn = {}
    for route, cards in PAGES:
        console.open(route)
        charts = [console.by_test_id(card).locator("svg[data-chart]").first for card in cards] or [
            console.page.locator("svg[data-chart]").first]
        for chart in charts:
            chart.wait_for()
        console.page.wait_for_load_state("networkidle")
        drawn[route or "overview"] = [chart.locator("rect").count() for chart in charts]
        console.screenshot(f"year-{route or 'overview'}-{width}")
    campaigns = api(demo_server, CAMPAIGNS)["loyaltyCampaigns"]["edges"]
    campaign = next(edge["node"] for edge in campaigns if edge["node"]["name"] == CAMPAIGN_NAME)
    console.open(f"campaigns/{quote(campaign['id'])}")
    uplift = console.by_test_id("campaign-results").locator("svg[data-chart=uplift]")
    uplift.wait_for()
    console.page.wait_for_load_state("networkidle")
    drawn["campaign"] = [uplift.locator("rect[data-series]").count()]
    console.screenshot(f"year-campaign-{width}")
    surveys = api(demo_server, SURVEYS)["loyaltySurveys"]["edges"]
    survey = next(edge["node"] for edge in surveys if edge["node"]["name"] == DEMO_SURVEY["name"])
    console.open(f"surveys/{quote(survey['id'])}")
    scores = console.by_test_id("survey-distribution").locator("svg[data-chart]").first
    scores.wait_for()
    console.page.wait_for_load_state("networkidle")
    drawn["survey"] = [scores.locator("rect").count()]
    console.screenshot(f"year-survey-{width}")
    page_width = console.page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert all(marks and min(marks) > 0 for marks in drawn.values()), drawn
    assert drawn["tiers"] == [4]  # a level for each of Member, Silver, Gold and Black
    assert campaign["holdoutMembers"] > 0
    assert page_width <= width
