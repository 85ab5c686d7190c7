"""The loyalty pages as Saleor 3 Dashboard extensions (console/extensions.py), as the
Dashboard itself finds them: Saleor's `appExtensions` query, and the token it hands each
card. Saleor 2.10's Dashboard has no extensions: nothing is registered there."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from saleor_loyalty.host.generation import GENERATION
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.program_switch import switch_program
from tests.fixtures.users import grant

saleor3_only = pytest.mark.skipif(GENERATION != "saleor3", reason="Saleor 2.10's Dashboard has no extensions")

EXTENSIONS = """
{
  appExtensions(first: 50) {
    edges { node { identifier label mountName targetName url permissions { code } app { identifier appUrl } } }
  }
}
"""
CARD_TOKEN = """
query($mount: [String!]) { appExtensions(first: 5, filter: {mountName: $mount}) { edges { node { accessToken } } } }
"""
MEMBER = "query($id: ID!) { loyaltyMember(id: $id) { pointsBalance user { email } } }"
EXPECTED = {
    ("loyalty-program", "NAVIGATION_CUSTOMERS", "APP_PAGE", "/program", ("MANAGE_USERS",)),
    ("loyalty-customer", "CUSTOMER_DETAILS_WIDGETS", "WIDGET", "/customer", ("MANAGE_USERS",)),
    ("loyalty-order", "ORDER_DETAILS_WIDGETS", "WIDGET", "/order", ("MANAGE_ORDERS", "MANAGE_USERS")),
    ("loyalty-home", "HOMEPAGE_WIDGETS", "WIDGET", "/home", ("MANAGE_USERS",)),
}


def dashboard_extensions(api) -> list:
    return [edge["node"] for edge in api.query(EXTENSIONS)["appExtensions"]["edges"]]


def loyalty_extensions(api) -> set:
    return {(node["identifier"], node["mountName"], node["targetName"], node["url"],
             tuple(sorted(p["code"] for p in node["permissions"])))
            for node in dashboard_extensions(api) if node["app"]["identifier"] == "saleor.loyalty"}


def install(settings, public_url="http://shop.example.com"):
    settings.PUBLIC_URL = public_url
    call_command("loyalty_dashboard", "install", stdout=StringIO())


@saleor3_only
def test_installing_twice_leaves_one_app_with_the_four_loyalty_pages(settings, staff_api):
    install(settings)
    install(settings)

    nodes = [node for node in dashboard_extensions(staff_api) if node["app"]["identifier"] == "saleor.loyalty"]
    assert loyalty_extensions(staff_api) == EXPECTED and len(nodes) == 4
    assert {node["app"]["appUrl"] for node in nodes} == {"http://shop.example.com/loyalty/app"}


@saleor3_only
def test_migrate_registers_the_pages_again_without_duplicates(settings, staff_api):
    install(settings)
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)

    assert loyalty_extensions(staff_api) == EXPECTED
    assert len(dashboard_extensions(staff_api)) == 4


@saleor3_only
def test_switching_the_plugin_off_hides_the_pages_and_on_shows_them(settings, manage_plugins_api):
    install(settings)

    switch_program(manage_plugins_api, active=False)
    hidden = loyalty_extensions(manage_plugins_api)
    install(settings)  # a later migrate keeps them hidden while the plugin is off
    still_hidden = loyalty_extensions(manage_plugins_api)
    switch_program(manage_plugins_api, active=True)

    assert hidden == set() and still_hidden == set()
    assert loyalty_extensions(manage_plugins_api) == EXPECTED


@saleor3_only
def test_remove_takes_the_app_and_its_pages_away(settings, staff_api):
    install(settings)

    call_command("loyalty_dashboard", "remove", stdout=StringIO())
    call_command("loyalty_dashboard", "remove", stdout=StringIO())

    assert dashboard_extensions(staff_api) == []


@saleor3_only
def test_the_customer_cards_token_reads_the_member_and_staff_without_manage_users_get_none(
        settings, staff_api, staff_user, member):
    install(settings)
    without = staff_api.query(CARD_TOKEN, mount=["CUSTOMER_DETAILS_WIDGETS"])["appExtensions"]["edges"]
    grant(staff_user, "manage_users")
    staff_api.login(staff_user.email, "secret-password")
    (card,) = staff_api.query(CARD_TOKEN, mount=["CUSTOMER_DETAILS_WIDGETS"])["appExtensions"]["edges"]

    read = ApiClient(card["node"]["accessToken"]).query(MEMBER, id=gid("LoyaltyMember", member))
    assert [edge["node"]["accessToken"] for edge in without] == [None]
    assert read["loyaltyMember"]["user"]["email"] == member.user.email


@saleor3_only
def test_the_dashboard_pages_are_the_console_in_dashboard_mode():
    client = Client()
    for page in ("program", "customer", "order", "home"):
        response = client.get(f"/loyalty/app/{page}")
        assert response.status_code == 200
        assert b'<meta name="loyalty-mode" content="dashboard">' in response.content
    assert b'content="standalone"' in client.get("/loyalty/").content
    assert client.get("/loyalty/app/elsewhere").status_code == 404


def test_without_extensions_the_command_points_to_the_console(capsys):
    if GENERATION == "saleor3":
        pytest.skip("Saleor 3's Dashboard has extensions (the tests above)")
    call_command("loyalty_dashboard")

    assert "use the console at /loyalty/" in capsys.readouterr().out
    assert Client().get("/loyalty/app/customer").status_code == 404


@pytest.fixture
def dashboard_build(tmp_path, settings):
    """A stand-in Dashboard build: its index.html names the API it talks to."""
    (tmp_path / "index.html").write_text('<script>window.__SALEOR_CONFIG__ = {\n  API_URL: "http://elsewhere/graphql/",'
                                         '\n  EXTENSIONS_API_URL: "",\n};</script>')
    (tmp_path / "index-abc.js").write_text("console.log('dashboard');")
    (tmp_path.parent / "secret.txt").write_text("not for the web")
    settings.LOYALTY_DASHBOARD_BUILD = str(tmp_path)
    return tmp_path


@saleor3_only
def test_the_dashboard_build_is_served_with_this_shops_api(dashboard_build):
    client = Client()

    page = client.get("/dashboard/").content.decode()
    deep_link = client.get("/dashboard/customers/VXNlcjox").content.decode()
    script = client.get("/dashboard/index-abc.js")

    assert 'API_URL: "http://testserver/graphql/"' in page and "elsewhere" not in page
    assert 'EXTENSIONS_API_URL: ""' in page
    assert deep_link == page  # the Dashboard's own routes are its index.html
    assert b"".join(script.streaming_content) == b"console.log('dashboard');"
    assert client.get("/dashboard").status_code == 302
    assert "not for the web" not in client.get("/dashboard/../secret.txt").content.decode()


@saleor3_only
def test_without_a_dashboard_build_there_is_no_dashboard(settings):
    settings.LOYALTY_DASHBOARD_BUILD = None

    assert Client().get("/dashboard/").status_code == 404
