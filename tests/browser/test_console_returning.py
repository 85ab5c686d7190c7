"""The console's returning-customer page in headless Chromium, against the demo shop: its
charts show the figures `loyaltyReturningCustomers` answers for the same period."""
import uuid

import pytest

from tests.fixtures.console import CUSTOMER_PASSWORD, STAFF
from tests.fixtures.demo_checkout import PRODUCTS, buy

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

ITEM = "name quantity orders revenue { amount currency }"
QUERY = f"""
query($period: LoyaltyStatsPeriodInput, $first: Int) {{
  loyaltyReturningCustomers(period: $period, first: $first) {{
    timeZone firstOrders repeatOrders
    topProducts {{ firstTime {{ {ITEM} }} repeat {{ {ITEM} }} }}
    topCategories {{ firstTime {{ {ITEM} }} repeat {{ {ITEM} }} }}
    ordersByWeekday {{ weekday firstTime repeat }}
    ordersByHour {{ hour firstTime repeat }}
  }}
}}
"""


@pytest.fixture(scope="module")
def repeat_buyers(demo_server):
    """Saleor's demo orders have hardly any customers: two new customers order, one of them
    twice (a first and a repeat order), the other once."""
    products = demo_server.graphql(PRODUCTS, token=demo_server.token(*STAFF))["data"]["products"]["edges"]
    stocked = [node["variants"][0]["id"] for node in (edge["node"] for edge in products)
               if node["productType"]["isShippingRequired"] and node["variants"]
               and (node["variants"][0]["quantityAvailable"] or 0) >= 5]
    first, second = stocked[:2]
    run = uuid.uuid4().hex[:8]
    twice, once = (demo_server.new_member(f"returning-{who}-{run}@example.com") for who in ("twice", "once"))
    for email, orders in ((twice, [[(first, 2)], [(second, 1), (first, 1)]]), (once, [[(second, 1)]])):
        token = demo_server.token(email, CUSTOMER_PASSWORD)
        for lines in orders:
            buy(demo_server, token, email, lines)


def requires_insight(server):
    if not server.schema_has("query", "loyaltyReturningCustomers"):
        pytest.skip("loyaltyReturningCustomers not in schema yet")


def open_all_time(console):
    """The page over the whole history; what it shows once it has loaded."""
    console.sign_in_as_staff()
    console.open("returning")
    console.page.select_option("select[name=period]", "all")
    root = console.by_test_id("returning")
    console.page.wait_for_function("el => el.dataset.periodGte === ''", arg=root.element_handle())
    console.by_test_id("kpi-first-orders").wait_for()
    return root


def bars(locator):
    """(label, value) of each bar drawn inside `locator`, top to bottom or left to right."""
    return [(rect.get_attribute("data-label"), float(rect.get_attribute("data-value")))
            for rect in locator.locator("svg[data-chart] rect").all()]


def series(chart, name):
    """The values of the bars of series `name` in a grouped bar chart, in label order."""
    return [float(rect.get_attribute("data-value"))
            for rect in chart.locator(f'svg[data-chart] rect[data-series="{name}"]').all()]


def test_the_charts_show_the_apis_figures(console, demo_server, repeat_buyers):
    requires_insight(demo_server)
    root = open_all_time(console)
    period = {"lte": root.get_attribute("data-period-lte")}
    first = int(root.get_attribute("data-first"))

    insight = demo_server.graphql(QUERY, {"period": period, "first": first}, token=demo_server.token(*STAFF))[
        "data"]["loyaltyReturningCustomers"]

    kpis = {kpi: float(console.by_test_id(f"kpi-{kpi}").get_attribute("data-value"))
            for kpi in ("first-orders", "repeat-orders")}
    assert kpis == {"first-orders": insight["firstOrders"], "repeat-orders": insight["repeatOrders"]}
    assert insight["firstOrders"] > 0 and insight["repeatOrders"] > 0  # the demo has both
    for ranking, card in (("topProducts", "top-products"), ("topCategories", "top-categories")):
        for group, key in (("firstTime", "first-time"), ("repeat", "repeat")):
            expected = [(item["name"], item["quantity"]) for item in insight[ranking][group]]
            assert bars(console.by_test_id(f"{card}-{key}")) == expected
            assert expected  # every chart has bars
    weekday, hour = console.by_test_id("orders-by-weekday"), console.by_test_id("orders-by-hour")
    assert series(weekday, "First orders") == [d["firstTime"] for d in insight["ordersByWeekday"]]
    assert series(weekday, "Repeat orders") == [d["repeat"] for d in insight["ordersByWeekday"]]
    assert series(hour, "First orders") == [h["firstTime"] for h in insight["ordersByHour"]]
    assert series(hour, "Repeat orders") == [h["repeat"] for h in insight["ordersByHour"]]
    assert insight["timeZone"] in console.by_test_id("returning-note").inner_text()


def test_screenshot_of_the_returning_customers_page(console, demo_server, repeat_buyers):
    requires_insight(demo_server)
    open_all_time(console)
    console.by_test_id("orders-by-hour").locator("svg[data-chart]").wait_for()
    console.page.wait_for_load_state("networkidle")

    shot = console.screenshot("returning-customers-1280")
    page_width = console.page.evaluate("document.documentElement.scrollWidth")

    assert shot.stat().st_size > 10_000
    assert page_width <= 1280  # nothing spills sideways
