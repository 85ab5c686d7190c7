"""Messages to the merchant's SMS or push gateway: one signed JSON POST per message.

The body is compact JSON; `X-Loyalty-Signature: sha256=<hex>` is the HMAC-SHA256 of those
exact bytes with the `messageWebhookSecret`, so the gateway can check the message came from
the shop. `Idempotency-Key` (also `idempotency_key` in the body) is the delivery's key: a
message retried after a timeout whose answer was lost carries the same key, and the gateway
can drop what it already sent. Anything but a 2xx answer (redirects included) fails the
attempt; the delivery's task retries it.
"""
import hashlib
import hmac
import json
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Loyalty-Signature"


class WebhookError(Exception):
    """The gateway did not take the message (an error answer, a timeout, no connection)."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other non-2xx one: urllib would repeat a POST as a
    GET without its body."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, default=str).encode()


def post_message(url: str, secret: str, payload: dict) -> None:
    """POST `payload` (with its `idempotency_key`) to the gateway; WebhookError unless it
    answers 2xx within TIMEOUT_SECONDS."""
    body = encode(payload)
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json",
        "User-Agent": "saleor-loyalty",
        "Idempotency-Key": payload["idempotency_key"],
        SIGNATURE_HEADER: signature(body, secret),
    })
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
            response.read(65536)
    except urllib.error.HTTPError as exc:
        raise WebhookError(f"The message webhook answered HTTP {exc.code}.") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise WebhookError(f"The message webhook could not be reached: {reason}") from None
    if not 200 <= status < 300:
        raise WebhookError(f"The message webhook answered HTTP {status}.")
