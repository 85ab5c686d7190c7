"""The loyalty pages inside Saleor 3's Dashboard (the real build, SALEOR3_DASHBOARD) served by
the demo shop under /dashboard/, in headless Chromium: staff sign in to the Dashboard only,
and the loyalty pages take its token (app-bridge). Screenshots at 1280 px in build/screenshots."""
import os

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from saleor_loyalty.host.generation import GENERATION
from tests.fixtures.console import ORDERS_STAFF, SCREENSHOTS, STAFF

pytestmark = [pytest.mark.browser, pytest.mark.e2e,
              pytest.mark.skipif(GENERATION != "saleor3", reason="Saleor 2.10's Dashboard has no extensions")]

STATS = """
query($period: LoyaltyStatsPeriodInput) {
  loyaltyStats(period: $period) {
    members activeMembers pointsIssued pointsRedeemed outstandingPoints outstandingLiability { amount }
  }
}
"""
MEMBER = "query($email: String!) { loyaltyMember(email: $email) { pointsBalance user { id } } }"
MEMBERS_LEDGERS = """
{
  loyaltyMembers(first: 100) {
    edges { node { transactions(first: 20) { edges { node { kind status points order { id } } } } } }
  }
}
"""


def an_earning_order(server) -> tuple:
    """An order of the demo that earned points, and the points its ledger rows count (void ones
    do not)."""
    members = server.graphql(MEMBERS_LEDGERS, token=server.token(*STAFF))["data"]["loyaltyMembers"]["edges"]
    for member in members:
        rows = [edge["node"] for edge in member["node"]["transactions"]["edges"] if edge["node"]["order"]]
        earned = [row["order"]["id"] for row in rows if row["kind"] == "EARN"]
        if earned:
            points = sum(row["points"] for row in rows if row["order"]["id"] == earned[0] and row["status"] != "VOID")
            return earned[0], points
    pytest.fail("The demo has no order that earned points.")


@pytest.fixture(scope="module")
def dashboard_server(demo_server):
    """The demo shop, which must serve the Dashboard: CI passes the shared build."""
    if not os.environ.get("SALEOR3_DASHBOARD"):
        pytest.fail("SALEOR3_DASHBOARD is not set: the Dashboard's tests need a Saleor Dashboard build "
                    "(e.g. SALEOR3_DASHBOARD=../shared/hosts/saleor-dashboard-3.23.27.tar.gz make test-saleor3).")
    return demo_server


class Dashboard:
    """Saleor's Dashboard in one browser tab, as a member of staff uses it."""

    def __init__(self, context, server):
        self.page = context.new_page()
        self.server = server

    def sign_in(self, email: str, password: str):
        self.page.goto(f"{self.server.url}/dashboard/")
        self.page.locator("input[name=email]").fill(email)
        self.page.locator("input[name=password]").fill(password)
        self.page.locator("button[type=submit]").click()
        self.page.get_by_role("link", name="Customers").first.wait_for()
        # The Dashboard's "Saleor Pulse" announcement covers the corner of the page.
        pulse = self.page.locator("[data-test-id=ripple-video-announcement-dismiss]")
        try:
            pulse.click(timeout=5000)
        except PlaywrightTimeout:
            pass
        return self

    def open(self, path: str):
        self.page.goto(f"{self.server.url}/dashboard/{path}")
        return self

    def frame(self, page: str):
        """The loyalty page `page` (program, customer, order, home) in its iframe."""
        return self.page.frame_locator(f"iframe[src*='/loyalty/app/{page}']")

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def staff_dashboard(chromium, dashboard_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30000)
    yield Dashboard(context, dashboard_server).sign_in(*STAFF)
    context.close()


def figure(frame, test_id: str) -> float:
    kpi = frame.get_by_test_id(test_id)
    kpi.wait_for()
    return float(kpi.get_attribute("data-value"))


def test_customers_loyalty_page_shows_the_overview_of_loyalty_stats(staff_dashboard, dashboard_server):
    dashboard = staff_dashboard.open("customers/")
    dashboard.page.get_by_role("link", name="Loyalty").first.click()
    program = dashboard.frame("program")
    overview = program.get_by_test_id("overview")
    overview.wait_for()
    members = figure(program, "kpi-members")
    period = {"gte": overview.get_attribute("data-period-gte"), "lte": overview.get_attribute("data-period-lte")}
    stats = dashboard_server.graphql(STATS, {"period": period}, token=dashboard_server.token(*STAFF))[
        "data"]["loyaltyStats"]
    dashboard.screenshot("dashboard-loyalty-overview")

    assert "/dashboard/extensions/app/" in dashboard.page.url
    assert members == stats["members"]
    assert figure(program, "kpi-points-issued") == stats["pointsIssued"]
    assert figure(program, "kpi-outstanding-liability") == stats["outstandingLiability"]["amount"]
    assert program.locator("nav a").all_inner_texts()[:3] == ["Overview", "Members", "Tiers"]
    assert program.get_by_role("button", name="Sign out").count() == 0


def test_the_member_card_shows_the_balance_and_an_adjustment_lands_in_the_ledger(staff_dashboard, dashboard_server):
    email = dashboard_server.new_member("dashboard-card@example.com")
    token = dashboard_server.token(*STAFF)
    member = dashboard_server.graphql(MEMBER, {"email": email}, token=token)["data"]["loyaltyMember"]
    dashboard = staff_dashboard.open(f"customers/{member['user']['id']}")
    card = dashboard.frame("customer")

    before = figure(card, "kpi-balance")
    form = card.get_by_test_id("adjust-points")
    form.locator("input[name=points]").fill("75")
    form.locator("input[name=reason]").fill("Dashboard goodwill")
    form.locator("button[type=submit]").click()
    card.get_by_test_id("ledger").get_by_text("Dashboard goodwill").wait_for()
    dashboard.screenshot("dashboard-customer-card")

    after = dashboard_server.graphql(MEMBER, {"email": email}, token=token)["data"]["loyaltyMember"]
    assert before == member["pointsBalance"]
    assert after["pointsBalance"] == before + 75
    assert figure(card, "kpi-balance") == before + 75


def test_an_orders_card_shows_the_points_it_earned(staff_dashboard, dashboard_server):
    order_id, earned = an_earning_order(dashboard_server)
    dashboard = staff_dashboard.open(f"orders/{order_id}")
    card = dashboard.frame("order")

    shown = figure(card, "kpi-order-points")
    card.get_by_test_id("order-ledger").wait_for()
    dashboard.screenshot("dashboard-order-card")

    assert shown == earned and earned > 0
    assert "Earn" in card.get_by_test_id("order-ledger").inner_text()


def test_staff_without_manage_users_are_refused_in_the_order_card(chromium, dashboard_server):
    order_id, _ = an_earning_order(dashboard_server)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30000)
    try:
        dashboard = Dashboard(context, dashboard_server).sign_in(*ORDERS_STAFF).open(f"orders/{order_id}")
        refusal = dashboard.frame("order").get_by_test_id("permission-missing")
        refusal.wait_for()
        dashboard.screenshot("dashboard-order-card-refused")

        assert "Manage customers (MANAGE_USERS)" in refusal.inner_text()
        assert dashboard.frame("order").get_by_test_id("kpi-order-points").count() == 0
    finally:
        context.close()


def test_the_home_page_widget_shows_members_liability_and_repurchase_rate(staff_dashboard, dashboard_server):
    stats = dashboard_server.graphql("{ loyaltyStats { members userRepurchaseRate outstandingLiability { amount } } }",
                                     token=dashboard_server.token(*STAFF))["data"]["loyaltyStats"]
    dashboard = staff_dashboard.open("")
    widget = dashboard.frame("home")

    shown = {name: figure(widget, f"kpi-{name}") for name in ("members", "liability", "repurchase")}
    dashboard.screenshot("dashboard-home-widget")

    assert shown == {"members": stats["members"], "liability": stats["outstandingLiability"]["amount"],
                     "repurchase": stats["userRepurchaseRate"]}


def test_a_dashboard_page_opened_outside_the_dashboard_never_asks_to_sign_in(staff_dashboard, dashboard_server):
    page = staff_dashboard.page.context.new_page()
    try:
        page.goto(f"{dashboard_server.url}/loyalty/app/customer")
        notice = page.get_by_test_id("outside-dashboard")
        notice.wait_for()

        assert "Open this page in the Saleor Dashboard" in notice.inner_text()
        assert page.locator("input[type=password]").count() == 0
    finally:
        page.close()
