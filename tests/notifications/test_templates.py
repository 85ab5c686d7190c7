"""Journey message templates: placeholders only, refused by name when unknown."""
import pytest
from django.core.exceptions import ValidationError

from saleor_loyalty.core.program import default_configuration, parse_configuration
from saleor_loyalty.notifications.templates import render, validate_template


def _configuration(**values):
    configuration = default_configuration()
    for item in configuration:
        item["value"] = values.get(item["name"], item["value"])
    return configuration


def test_placeholders_render_with_their_values_and_braces_can_be_written():
    text = "Hi {first_name}: {points} points, {tier}. Code {coupon_code} {{not a placeholder}}"

    rendered = render(text, {"first_name": "Cora", "points": 0, "tier": "Gold",
                             "coupon_code": "ABC"})

    assert rendered == "Hi Cora: 0 points, Gold. Code ABC {not a placeholder}"


def test_a_placeholder_without_a_value_renders_empty():
    assert render("Order {order_number}. Survey: {survey_url}.", {"order_number": None}) == \
        "Order . Survey: ."


def test_every_known_placeholder_is_accepted():
    validate_template("{first_name} {points} {tier} {coupon_code} {order_number} {survey_url}")


def test_an_unknown_placeholder_is_refused_with_its_name():
    with pytest.raises(ValidationError) as refused:
        validate_template("Hello {first_name}, your {last_name} ...")

    assert "{last_name}" in refused.value.messages[0]
    assert refused.value.params == {"placeholder": "last_name"}


@pytest.mark.parametrize("text", [
    "{first_name.__class__}", "{first_name[0]}", "{0}", "{}", "{points!r}", "{points:>10}",
    "{points:{tier}}",
])
def test_attribute_index_positional_and_formatted_placeholders_are_refused(text):
    with pytest.raises(ValidationError):
        validate_template(text)
    with pytest.raises(ValidationError):
        render(text, {"first_name": "Cora", "points": 1, "tier": "Gold"})


@pytest.mark.parametrize("text", ["Hello {first_name", "Hello first_name}", "{"])
def test_malformed_braces_are_refused(text):
    with pytest.raises(ValidationError) as refused:
        validate_template(text)

    assert "Malformed braces" in refused.value.messages[0]


def test_a_percent_sign_in_an_unknown_placeholder_is_named_as_written():
    with pytest.raises(ValidationError) as refused:
        validate_template("{discount%d}")

    assert "{discount%d}" in refused.value.messages[0]


def test_message_settings_default_to_no_webhook_and_no_survey_links():
    program = parse_configuration(default_configuration(), active=True)

    assert program.messages.webhook_url == "" and program.messages.survey_url == ""


def test_message_settings_are_read():
    program = parse_configuration(_configuration(
        messageWebhookUrl="https://gateway.example/messages", messageWebhookSecret="s3cret",
        surveyUrl="https://shop.example/survey?s={survey}&o={order}"), active=True)

    assert program.messages.webhook_url == "https://gateway.example/messages"
    assert program.messages.webhook_secret == "s3cret"
    assert program.messages.survey_url == "https://shop.example/survey?s={survey}&o={order}"


@pytest.mark.parametrize("name, value", [
    ("messageWebhookUrl", "ftp://gateway.example/"),
    ("messageWebhookUrl", "not a url"),
    ("surveyUrl", "https://shop.example/survey"),
    ("surveyUrl", "https://shop.example/survey/{survey}/{customer}"),
    ("surveyUrl", "javascript:alert({survey})"),
    ("surveyUrl", "https://shop.example/{survey"),
])
def test_bad_message_settings_are_refused_by_name(name, value):
    with pytest.raises(ValidationError) as refused:
        parse_configuration(_configuration(**{name: value}), active=True)

    assert set(refused.value.message_dict) == {name}
