"""Where Saleor 3 behaves differently from Saleor 2.10 and the plugin keeps the 2.10
answer: a first `pluginUpdate` of the settings alone leaves the program on, and
`loyaltyExclusiveProducts` reads products in the default channel when no `channel` is
given, as Saleor's own `products` query does."""
from saleor.plugins.models import PluginConfiguration

from saleor_loyalty.catalogue.member_only import set_member_only
from tests.fixtures.loyalty import make_member
from tests.fixtures.program_switch import PLUGIN_UPDATE, settings_of
from tests.fixtures.users import create_customer
from tests.host3.shop_driver import signed_in

PROGRAM_ACTIVE = "{ loyaltyProgram { active name } }"

EXCLUSIVE_VARIANTS = """
query($channel: String) {
  loyaltyExclusiveProducts(first: 5, channel: $channel) {
    edges { node { name channel variants { id } } }
  }
}
"""


def _save_settings(api, settings: dict) -> dict:
    configuration = [{"name": name, "value": value} for name, value in settings.items()]
    answer = api.query(PLUGIN_UPDATE, {"input": {"configuration": configuration}})["pluginUpdate"]
    assert answer["errors"] == []
    return settings_of(answer["plugin"])


def test_first_settings_save_without_active_keeps_the_program_on(manage_plugins_api, api_client):
    assert not PluginConfiguration.objects.filter(identifier="saleor.loyalty").exists()

    plugin = _save_settings(manage_plugins_api, {"programName": "Club Kiwi"})

    assert plugin["active"] is True
    assert PluginConfiguration.objects.get(identifier="saleor.loyalty").active is True
    assert api_client.query(PROGRAM_ACTIVE)["loyaltyProgram"] == {"active": True, "name": "Club Kiwi"}


def test_settings_save_without_active_keeps_a_switched_off_program_off(manage_plugins_api, api_client):
    manage_plugins_api.mutate(PLUGIN_UPDATE, {"input": {"active": False}})

    plugin = _save_settings(manage_plugins_api, {"programName": "Club Kiwi"})

    assert plugin["active"] is False
    assert api_client.query(PROGRAM_ACTIVE)["loyaltyProgram"] == {"active": False, "name": "Club Kiwi"}


def test_first_save_with_active_false_switches_the_program_off(manage_plugins_api, api_client):
    answer = manage_plugins_api.mutate(PLUGIN_UPDATE, {"input": {
        "active": False, "configuration": [{"name": "programName", "value": "Club Kiwi"}],
    }})

    assert settings_of(answer["plugin"])["active"] is False
    assert PluginConfiguration.objects.get(identifier="saleor.loyalty").active is False
    assert api_client.query(PROGRAM_ACTIVE)["loyaltyProgram"]["active"] is False


def test_member_reads_exclusive_products_variants_with_or_without_a_channel(shop, tiers):
    atlas = shop.add_product("Atlas")
    set_member_only(atlas.product_id, tiers["silver"])
    member = create_customer("member@example.com")
    make_member(member, tiers["gold"])
    member_api = signed_in(member)

    default = member_api.query(EXCLUSIVE_VARIANTS)["loyaltyExclusiveProducts"]["edges"]
    pln = member_api.query(EXCLUSIVE_VARIANTS, channel="channel-pln")["loyaltyExclusiveProducts"]["edges"]

    [in_default] = [edge["node"] for edge in default]
    [in_pln] = [edge["node"] for edge in pln]
    assert in_default["name"] == in_pln["name"] == "Atlas"
    assert in_default["channel"] == "default-channel" and in_pln["channel"] == "channel-pln"
    assert len(in_default["variants"]) == 1 and in_default["variants"] == in_pln["variants"]


def test_without_a_channel_members_read_in_the_shops_default_channel(shop, tiers, settings):
    settings.DEFAULT_CHANNEL_SLUG = "channel-pln"
    set_member_only(shop.add_product("Atlas").product_id, tiers["silver"])
    member = create_customer("member@example.com")
    make_member(member, tiers["silver"])

    edges = signed_in(member).query(EXCLUSIVE_VARIANTS)["loyaltyExclusiveProducts"]["edges"]

    assert [(edge["node"]["channel"], len(edge["node"]["variants"])) for edge in edges] == [
        ("channel-pln", 1)]


def test_guest_reads_no_exclusive_products_with_or_without_a_channel(api_client, shop, tiers):
    set_member_only(shop.add_product("Atlas").product_id, tiers["silver"])

    for channel in (None, "default-channel"):
        answer = api_client.post(EXCLUSIVE_VARIANTS, {"channel": channel})

        assert "errors" not in answer, answer["errors"]
        assert answer["data"]["loyaltyExclusiveProducts"]["edges"] == []


def test_staff_reads_exclusive_products_variants_without_a_channel(shop, tiers, staff_with_products):
    set_member_only(shop.add_product("Atlas").product_id, tiers["gold"])

    edges = signed_in(staff_with_products).query(EXCLUSIVE_VARIANTS)["loyaltyExclusiveProducts"]["edges"]

    [atlas] = [edge["node"] for edge in edges]
    assert atlas["name"] == "Atlas" and atlas["channel"] is None and len(atlas["variants"]) == 1
