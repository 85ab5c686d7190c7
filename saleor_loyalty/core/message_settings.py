"""The program settings of messages beyond e-mail: the merchant's webhook for SMS and push
gateways, its signing secret, and the storefront's survey page. `program.py` lists them
beside the other settings and keeps them on `Program.messages`."""
from dataclasses import dataclass
from string import Formatter
from typing import Callable, Dict, List, Tuple
from urllib.parse import urlsplit


@dataclass(frozen=True)
class MessageSettings:
    webhook_url: str = ""  # empty: no SMS or push messages
    webhook_secret: str = ""
    survey_url: str = ""  # with {survey} and {order}; empty: no survey links


def _http_url(text: str) -> str:
    try:
        parts = urlsplit(text)
    except ValueError:
        raise ValueError("must be an http or https URL")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http or https URL")
    if len(text) > 2000:
        raise ValueError("must be at most 2000 characters")
    return text


def parse_webhook_url(value) -> str:
    text = "" if value is None else str(value).strip()
    return _http_url(text) if text else ""


def parse_webhook_secret(value) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > 250:
        raise ValueError("must be at most 250 characters")
    return text


def parse_survey_url(value) -> str:
    """A URL template with `{survey}` (required) and `{order}`, nothing else in braces."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    try:
        names = [name for _text, name, _spec, _conv in Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValueError("has malformed braces")
    unknown = sorted(set(names) - {"survey", "order"})
    if unknown:
        raise ValueError(f"may only hold {{survey}} and {{order}}, not {{{unknown[0]}}}")
    if "survey" not in names:
        raise ValueError("must hold {survey}")
    _http_url(text.replace("{survey}", "s").replace("{order}", "o"))
    return text


# (name, label, help text, parser): all empty by default.
MESSAGE_SETTINGS: List[Tuple[str, str, str, Callable]] = [
    ("messageWebhookUrl", "Message webhook URL",
     "SMS and push messages are POSTed as signed JSON to this http(s) URL of your gateway; "
     "empty: no SMS or push messages.", parse_webhook_url),
    ("messageWebhookSecret", "Message webhook secret",
     "Signs each message: X-Loyalty-Signature is sha256=<HMAC-SHA256 of the body>.",
     parse_webhook_secret),
    ("surveyUrl", "Survey page URL",
     "The storefront's survey page, with {survey} and {order} standing for the IDs, e.g. "
     "https://shop.example/survey?s={survey}&o={order}; empty: no survey links.",
     parse_survey_url),
]
MESSAGE_PARSERS: Dict[str, Callable] = {name: parse for name, _, _, parse in MESSAGE_SETTINGS}


def message_settings(values: dict) -> MessageSettings:
    return MessageSettings(values["messageWebhookUrl"], values["messageWebhookSecret"],
                           values["surveyUrl"])
