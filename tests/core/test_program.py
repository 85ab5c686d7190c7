from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from saleor_loyalty.core.program import default_configuration, parse_configuration
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.program_switch import PLUGIN_UPDATE, plugin_settings, settings_of

PROGRAM = """
{
  loyaltyProgram {
    name active currency pointsPerCurrencyUnit pointValue { amount currency }
    minimumRedemption returnWindowDays pointsLifetimeDays memberDay memberDayMultiplier
    referrerReward checkInPoints tiers { name rank }
  }
}
"""


def test_program_shows_default_rules_and_tiers_to_anyone(api_client, db):
    Tier.objects.create(name="Silver", slug="silver", rank=1)
    Tier.objects.create(name="Member", slug="member", rank=0)

    program = api_client.query(PROGRAM)["loyaltyProgram"]

    assert program == {
        "name": "Rewards Club",
        "active": True,
        "currency": "USD",
        "pointsPerCurrencyUnit": 1.0,
        "pointValue": {"amount": 0.01, "currency": "USD"},
        "minimumRedemption": 100,
        "returnWindowDays": 14,
        "pointsLifetimeDays": 365,
        "memberDay": None,
        "memberDayMultiplier": 2.0,
        "referrerReward": 200,
        "checkInPoints": 10,
        "tiers": [{"name": "Member", "rank": 0}, {"name": "Silver", "rank": 1}],
    }


def test_plugins_query_lists_the_loyalty_configuration(manage_plugins_api):
    data = manage_plugins_api.query('{ plugin(id: "saleor.loyalty") { name %s } }' % plugin_settings(
        "active configuration { name value label type }"))

    plugin = data["plugin"]
    assert plugin["name"] == "Loyalty"
    configuration = settings_of(plugin)["configuration"]
    names = [item["name"] for item in configuration]
    assert names == [item["name"] for item in default_configuration()]
    assert {"name": "pointsPerCurrencyUnit", "value": "1", "label": "Points per currency unit", "type": "STRING"} in configuration


def test_merchant_changes_rules_through_plugin_update(manage_plugins_api, api_client):
    result = manage_plugins_api.query(PLUGIN_UPDATE, {"input": {"configuration": [
        {"name": "programName", "value": "Club Kiwi"},
        {"name": "pointsPerCurrencyUnit", "value": "2.5"},
        {"name": "pointsLifetimeDays", "value": ""},
        {"name": "memberDay", "value": "15"},
    ]}})["pluginUpdate"]

    assert result["errors"] == []
    program = api_client.query(PROGRAM)["loyaltyProgram"]
    assert program["name"] == "Club Kiwi"
    assert program["pointsPerCurrencyUnit"] == 2.5
    assert program["pointsLifetimeDays"] is None
    assert program["memberDay"] == 15


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("pointsPerCurrencyUnit", "-1", "Points per currency unit must be at least 0."),
        ("pointsPerCurrencyUnit", "lots", "Points per currency unit must be a number."),
        ("returnWindowDays", "1.5", "Return window (days) must be a whole number."),
        ("minimumRedemption", "0", "Minimum redemption must be at least 1."),
        ("memberDay", "32", "Member day must be at most 31."),
        ("pointValue", "NaN", "Point value must be a number."),
        ("categoryMultipliers", "shoes=2", "Category multipliers 'shoes=2' is not category-slug:multiplier."),
        ("segmentWindowDays", "0", "Segment window (days) must be at least 1."),
        ("dormantDays", "-5", "Dormant after (days) must be at least 1."),
    ],
)
def test_invalid_configuration_is_refused_with_a_message(manage_plugins_api, api_client, name, value, message):
    result = manage_plugins_api.query(PLUGIN_UPDATE, {"input": {"configuration": [{"name": name, "value": value}]}})["pluginUpdate"]

    assert result["errors"] == [{"field": name, "code": "INVALID", "message": message}]
    assert api_client.query(PROGRAM)["loyaltyProgram"]["pointsPerCurrencyUnit"] == 1.0


def test_category_multipliers_are_parsed_into_slugs_and_factors():
    configuration = default_configuration()
    for item in configuration:
        if item["name"] == "categoryMultipliers":
            item["value"] = "shoes:2, gift-cards:0"

    program = parse_configuration(configuration, active=True)

    assert program.category_multipliers == {"shoes": Decimal(2), "gift-cards": Decimal(0)}


def test_missing_required_setting_is_refused():
    configuration = [{"name": "programName", "value": "  "}]

    with pytest.raises(ValidationError) as error:
        parse_configuration(configuration, active=True)

    assert error.value.message_dict == {"programName": ["Program name is required."]}
