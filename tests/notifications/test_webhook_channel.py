"""SMS and push messages reach the merchant's gateway as signed JSON, retried with backoff
after a failure, and never twice: a real HTTP receiver on 127.0.0.1 checks each request."""
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from saleor.account.models import Address

from saleor_loyalty.notifications import tasks
from saleor_loyalty.notifications.deliveries import create_journey_deliveries, deliver
from saleor_loyalty.notifications.models import Delivery
from tests.fixtures.api import gid
from tests.fixtures.loyalty import configure_program
from tests.notifications.test_deliveries import journey_send

SECRET = "gateway-secret"


class Receiver:
    """A gateway: checks the signature of each request and answers `answers` in turn
    (then 200); `requests` lists (idempotency key, signature valid, status, body)."""

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
                valid = hmac.compare_digest(self.headers.get("X-Loyalty-Signature", ""), expected)
                status = 401 if not valid else (receiver.answers.pop(0) if receiver.answers else 200)
                receiver.requests.append(
                    (self.headers.get("Idempotency-Key"), valid, status, json.loads(body)))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def successes(self, key):
        return [r for r in self.requests if r[0] == key and 200 <= r[2] < 300]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver(answers=[500])
    yield receiver
    receiver.close()


@pytest.fixture
def sms_member(member):
    member.sms_notifications = True
    member.save()
    user = member.user
    user.default_billing_address = Address.objects.create(
        first_name="Cora", last_name="Client", street_address_1="1 Main St", city="Warsaw",
        postal_code="00-001", country="PL", phone="+48601234567")
    user.save()
    return member


def _sms_delivery(member):
    send = journey_send(member, templates={"sms": "Hi {first_name}, you have {points} points"})
    (delivery_id,) = create_journey_deliveries([send.pk])
    return Delivery.objects.get(pk=delivery_id)


def test_a_message_refused_once_is_retried_and_received_once_as_a_success(receiver, sms_member):
    configure_program(messageWebhookUrl=receiver.url, messageWebhookSecret=SECRET)
    delivery = _sms_delivery(sms_member)

    tasks.deliver_task.delay(delivery.pk)  # the gateway answers 500, Celery retries: 200

    assert [(key, valid, status) for key, valid, status, _ in receiver.requests] == [
        (delivery.key, True, 500), (delivery.key, True, 200)]
    assert len(receiver.successes(delivery.key)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    body = receiver.requests[-1][3]
    assert body == {
        "idempotency_key": delivery.key, "channel": "sms", "template": "journey",
        "text": "Hi Cora, you have 0 points", "placeholders": delivery.placeholders,
        "member": {"id": gid("LoyaltyMember", sms_member), "email": "customer@example.com",
                   "first_name": "Cora", "phone": "+48601234567"},
    }


def test_a_sent_message_is_never_posted_again(receiver, sms_member):
    configure_program(messageWebhookUrl=receiver.url, messageWebhookSecret=SECRET)
    delivery = _sms_delivery(sms_member)
    tasks.deliver_task.delay(delivery.pk)

    tasks.deliver_task.delay(delivery.pk)
    deliver(delivery.pk)

    assert len(receiver.requests) == 2 and len(receiver.successes(delivery.key)) == 1


def test_a_failed_attempt_records_its_error_and_is_raised_for_the_retry(receiver, sms_member):
    configure_program(messageWebhookUrl=receiver.url, messageWebhookSecret=SECRET)
    delivery = _sms_delivery(sms_member)

    with pytest.raises(Exception, match="HTTP 500"):
        deliver(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == \
        ("pending", 1, "WebhookError: The message webhook answered HTTP 500.")


def test_a_message_the_gateway_keeps_refusing_fails_after_the_last_retry(sms_member):
    receiver = Receiver(answers=[503] * 20)
    try:
        configure_program(messageWebhookUrl=receiver.url, messageWebhookSecret=SECRET)
        delivery = _sms_delivery(sms_member)

        tasks.deliver_task.delay(delivery.pk)
    finally:
        receiver.close()

    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == tasks.DELIVERY_RETRIES + 1
    assert len(receiver.requests) == tasks.DELIVERY_RETRIES + 1
    assert "HTTP 503" in delivery.last_error


def test_a_gateway_checking_with_another_secret_refuses_the_message(receiver, sms_member):
    configure_program(messageWebhookUrl=receiver.url, messageWebhookSecret="not-the-secret")
    delivery = _sms_delivery(sms_member)

    with pytest.raises(Exception, match="HTTP 401"):
        deliver(delivery.pk)

    assert [(valid, status) for _key, valid, status, _ in receiver.requests] == [(False, 401)]


def test_an_unreachable_gateway_is_an_attempt_to_retry(sms_member):
    receiver = Receiver()
    receiver.close()  # nothing listens on its port any more
    configure_program(messageWebhookUrl=receiver.url, messageWebhookSecret=SECRET)
    delivery = _sms_delivery(sms_member)

    with pytest.raises(Exception, match="could not be reached"):
        deliver(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
