"""The console's Audiences page and a campaign's results in headless Chromium, against the
demo shop: the live preview counts what `loyaltyAudiencePreview` counts for the same filter,
and a campaign with a holdout shows the treated and holdout figures `results` answers."""
import json
import uuid
from urllib.parse import unquote

import pytest

from tests.fixtures.console import CUSTOMER_PASSWORD, STAFF
from tests.fixtures.demo_checkout import PRODUCTS, buy

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

PREVIEW = "query($filter: LoyaltyAudienceFilterInput!) { loyaltyAudiencePreview(filter: $filter) { count } }"
AUDIENCES = "{ loyaltyAudiences(first: 100) { edges { node { name } } } }"
GROUP = "{ members membersOrdered orders revenuePerMember { amount } }"
MONEY = "{ amount }"
RESULTS = f"""
query($id: ID!, $windowDays: Int) {{ loyaltyCampaign(id: $id) {{ holdoutMembers recipients
  results(windowDays: $windowDays) {{ treated {GROUP} holdout {GROUP} upliftPerMember {MONEY}
    upliftLow {MONEY} upliftHigh {MONEY} roi }}
}} }}
"""


def requires(server, root, field):
    if not server.schema_has(root, field):
        pytest.skip(f"{field} not in schema yet")


def api(server, query, variables=None):
    answer = server.graphql(query, variables or {}, token=server.token(*STAFF))
    assert "errors" not in answer, answer["errors"]
    return answer["data"]


def settled_preview(console, filter_input: dict):
    """The preview once it answers for `filter_input` (typing has paused and the count is in)."""
    preview = console.by_test_id("audience-preview")
    console.page.wait_for_function("([el, f]) => el.dataset.busy === 'false' && el.dataset.filter === f",
                                   arg=[preview.element_handle(), json.dumps(filter_input, separators=(",", ":"))])
    return preview


def assert_fits_a_phone(console, screenshot: str):
    """At 390 px nothing spills sideways (wide tables scroll inside their box)."""
    console.page.set_viewport_size({"width": 390, "height": 844})
    console.page.wait_for_timeout(200)
    console.screenshot(screenshot)
    assert console.page.evaluate("document.documentElement.scrollWidth") <= 390


def build_filter(console):
    """Staff ask for members with at most 1,000 orders in the last two years and at most 100,000 points
    (on both hosts the demo has members like that, whether or not their orders are recent)."""
    console.sign_in_as_staff()
    console.open("audiences")
    builder = console.by_test_id("filter-builder")
    builder.locator("input[name=windowDays]").fill("730")
    builder.locator("input[name=ordersMax]").fill("1000")
    builder.locator("input[name=pointsMax]").fill("100000")
    return {"windowDays": 730, "orders": {"gte": None, "lte": 1000}, "points": {"gte": None, "lte": 100000}}


def test_the_preview_counts_what_the_api_counts_and_the_audience_is_saved(console, demo_server):
    requires(demo_server, "query", "loyaltyAudiencePreview")
    expected_filter = build_filter(console)
    preview = settled_preview(console, expected_filter)
    shown_filter = json.loads(preview.get_attribute("data-filter"))

    count = api(demo_server, PREVIEW, {"filter": shown_filter})["loyaltyAudiencePreview"]["count"]

    assert shown_filter == expected_filter
    assert int(console.by_test_id("preview-count").get_attribute("data-value")) == count
    assert count > 0  # the demo has members
    assert console.by_test_id("preview-sample").locator("tbody tr").count() == min(count, 10)

    name = f"Browser buyers {uuid.uuid4().hex[:6]}"
    form = console.by_test_id("save-audience")
    form.locator("input[name=audienceName]").fill(name)
    form.locator("button[type=submit]").click()
    console.by_test_id("audience-list").get_by_text(name, exact=True).wait_for()

    saved = [edge["node"]["name"] for edge in api(demo_server, AUDIENCES)["loyaltyAudiences"]["edges"]]
    assert name in saved
    console.screenshot("audiences-1280")
    assert console.page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_fits_a_phone(console, "audiences-390")


def test_a_duplicate_audience_name_is_refused_next_to_the_name(console, demo_server):
    requires(demo_server, "mutation", "loyaltyAudienceCreate")
    build_filter(console)
    form = console.by_test_id("save-audience")
    form.locator("input[name=audienceName]").fill("Big baskets")  # a demo audience
    form.locator("button[type=submit]").click()

    error = form.locator('[data-testid=field-error][data-field="name"]')
    error.wait_for()
    assert error.inner_text().strip()


MEMBER_ID = "query($e: String) { loyaltyMembers(filter: {search: $e}, first: 1) { edges { node { id } } } }"
TAG_CREATE = "mutation($i: LoyaltyTagInput!) { loyaltyTagCreate(input: $i) { tag { id } errors { field message } } }"
TAG_MEMBERS = """mutation($t: ID!, $m: [ID!]) { loyaltyMembersTag(tag: $t, members: $m) {
  count errors { field message } } }"""
AUDIENCE_CREATE = """mutation($i: LoyaltyAudienceInput!) { loyaltyAudienceCreate(input: $i) {
  audience { id } errors { field message } } }"""
BUYERS = 10


def payload(data: dict) -> dict:
    (answer,) = data.values()
    assert answer["errors"] == [], answer["errors"]
    return answer


@pytest.fixture(scope="module")
def campaign_audience(demo_server):
    """Members of this module's own: tagged by hand and saved as an audience (name, e-mails)."""
    if not demo_server.schema_has("mutation", "loyaltyMembersTag"):
        pytest.skip("loyaltyMembersTag not in schema yet")
    run = uuid.uuid4().hex[:6]
    emails = [demo_server.new_member(f"campaign-{run}-{n}@example.com") for n in range(BUYERS)]
    ids = [api(demo_server, MEMBER_ID, {"e": email})["loyaltyMembers"]["edges"][0]["node"]["id"] for email in emails]
    tag = payload(api(demo_server, TAG_CREATE, {"i": {"name": f"campaign-{run}"}}))["tag"]["id"]
    assert payload(api(demo_server, TAG_MEMBERS, {"t": tag, "m": ids}))["count"] == BUYERS
    name = f"Campaign test {run}"
    payload(api(demo_server, AUDIENCE_CREATE, {"i": {"name": name, "filter": {"tags": [f"campaign-{run}"]}}}))
    return name, emails


def send_campaign(console, name: str, audience: str) -> str:
    """Staff send bonus points to a saved audience, half of it held out; the campaign's ID once
    it completed."""
    console.sign_in_as_staff()
    console.open("campaigns")
    form = console.by_test_id("new-campaign")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=audience]").select_option("saved")
    form.locator("select[name=savedAudience]").select_option(label=audience)
    form.locator("input[name=holdoutPercent]").fill("50")
    form.locator("input[name=bonusPoints]").fill("10")
    size = console.by_test_id("audience-size")
    size.wait_for()
    assert int(size.get_attribute("data-value")) == BUYERS
    form.locator("button[type=submit]").click()
    status = console.by_test_id("campaign-status")
    console.page.wait_for_function("el => el.dataset.value === 'COMPLETED'", arg=status.element_handle(),
                                   timeout=60000)
    return unquote(console.page.url.rsplit("/", 1)[-1])


def order_after_sending(server, emails):
    """Most of the audience orders after the campaign went out (a different basket each)."""
    products = api(server, PRODUCTS)["products"]["edges"]
    # Units left of each variant, less what this test buys (earlier tests bought some too).
    left = {node["variants"][0]["id"]: node["variants"][0]["quantityAvailable"] or 0
            for node in (edge["node"] for edge in products)
            if node["productType"]["isShippingRequired"] and node["variants"]}
    stocked = [variant for variant, units in left.items() if units >= 5]
    for n, email in enumerate(emails[:-2]):
        quantity = 1 + n % 2
        turn = stocked[n % len(stocked):] + stocked[:n % len(stocked)]
        variant = next(v for v in turn if left[v] >= quantity)  # none left: StopIteration, loudly
        left[variant] -= quantity
        buy(server, server.token(email, CUSTOMER_PASSWORD), email, [(variant, quantity)])


def test_a_campaign_with_a_holdout_shows_the_apis_results(console, demo_server, campaign_audience):
    requires(demo_server, "mutation", "loyaltyCampaignSend")
    if not demo_server.type_has("LoyaltyCampaign", "results"):
        pytest.skip("LoyaltyCampaign.results not in schema yet")
    audience, emails = campaign_audience
    campaign_id = send_campaign(console, f"Holdout test {uuid.uuid4().hex[:6]}", audience)
    order_after_sending(demo_server, emails)
    results_card = console.by_test_id("campaign-results")
    results_card.locator("select[name=windowDays]").select_option("7")  # asks again, after the orders
    console.page.wait_for_function("el => el.dataset.value === '7'",
                                   arg=console.by_test_id("results-window").element_handle())

    campaign = api(demo_server, RESULTS, {"id": campaign_id, "windowDays": 7})["loyaltyCampaign"]
    results = campaign["results"]

    shown = {f"{group}-{key}": int(console.by_test_id(f"{group}-{key}").get_attribute("data-value"))
             for group in ("treated", "holdout") for key in ("members", "ordered", "orders")}
    assert shown == {f"{group}-{key}": results[group][field] for group in ("treated", "holdout")
                     for key, field in (("members", "members"), ("ordered", "membersOrdered"), ("orders", "orders"))}
    assert results["holdout"]["members"] == campaign["holdoutMembers"]
    assert results["treated"]["members"] + results["holdout"]["members"] == campaign["recipients"] == BUYERS
    assert results["treated"]["orders"] + results["holdout"]["orders"] == BUYERS - 2
    chart = results_card.locator("svg[data-chart=uplift]")
    bars = {rect.get_attribute("data-series"): float(rect.get_attribute("data-value"))
            for rect in chart.locator("rect[data-series]").all()}
    assert bars == {group: results[group]["revenuePerMember"]["amount"] for group in ("treated", "holdout")}
    uplift = chart.locator("g[data-series=uplift]")
    if results["upliftPerMember"] is None:  # the draw held nobody out (1 in 1,024)
        assert uplift.get_attribute("data-value") == ""
        assert console.by_test_id("kpi-roi").inner_text().endswith("needs a holdout")
    else:
        assert float(uplift.get_attribute("data-value")) == results["upliftPerMember"]["amount"]
        assert float(uplift.get_attribute("data-low")) == results["upliftLow"]["amount"]
        assert float(uplift.get_attribute("data-high")) == results["upliftHigh"]["amount"]
    console.page.wait_for_load_state("networkidle")
    console.screenshot("campaign-results-1280")
    assert console.page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert f"{campaign['recipients'] - campaign['holdoutMembers']} of" in console.by_test_id("campaign-status").inner_text()
    assert_fits_a_phone(console, "campaign-results-390")
