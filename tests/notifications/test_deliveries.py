"""Journey messages become one delivery per member, send and chosen channel, sent once."""
import base64
from urllib.parse import quote

from django.core import mail

from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.engagement.models import Journey, JourneySend, JourneyStep, Survey
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.notifications import tasks
from saleor_loyalty.notifications.deliveries import create_journey_deliveries, deliver
from saleor_loyalty.notifications.models import Delivery
from tests.fixtures.api import gid
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import configure_program, credit_points, make_member

WEBHOOK = "http://127.0.0.1:9/unused"
TEXTS = {"email": "Thank you, {first_name}\nYou have {points} points ({tier}).",
         "sms": "Hi {first_name}, {points} points", "push": "{first_name}: order {order_number}"}


def journey_send(member, templates=None, occasion="order:1", survey=None, coupon=None,
                 position=1) -> JourneySend:
    """A journey step given to the member, as the journey jobs record it."""
    journey, _ = Journey.objects.get_or_create(name="After-sales", trigger="order_fulfilled")
    step = JourneyStep.objects.create(journey=journey, position=position, survey=survey,
                                      templates=TEXTS if templates is None else templates)
    return JourneySend.objects.create(step=step, member=member, occasion=occasion, coupon=coupon)


def _channels(member):
    return sorted(Delivery.objects.filter(member=member).values_list("channel", flat=True))


def test_a_send_gets_a_delivery_per_channel_the_member_chose_and_the_step_has_text(member):
    configure_program(messageWebhookUrl=WEBHOOK)
    member.sms_notifications = True
    member.save()
    send = journey_send(member)

    ids = create_journey_deliveries([send.pk])

    assert len(ids) == 2 and _channels(member) == ["email", "sms"]
    email = Delivery.objects.get(member=member, channel="email")
    assert (email.key, email.template, email.status, email.attempts, email.journey_send) == \
        (f"journey-send:{send.pk}:email", "journey", "pending", 0, send)


def test_a_member_who_opted_out_gets_no_delivery(member, other_customer):
    configure_program(messageWebhookUrl=WEBHOOK)
    member.email_notifications = False
    member.save()
    other = make_member(other_customer)
    other.email_notifications, other.sms_notifications = False, True  # the step has no SMS
    other.save()

    ids = create_journey_deliveries([journey_send(member).pk,
                                     journey_send(other, templates={"email": "Hi"}, position=2).pk])

    assert ids == [] and not Delivery.objects.exists()


def test_sms_and_push_need_the_webhook_configured(member):
    member.sms_notifications = member.push_notifications = True
    member.save()

    create_journey_deliveries([journey_send(member).pk])

    assert _channels(member) == ["email"]


def test_creating_deliveries_again_adds_none(member):
    send = journey_send(member)
    first = create_journey_deliveries([send.pk])

    again = create_journey_deliveries([send.pk])

    assert len(first) == 1 and again == [] and Delivery.objects.count() == 1


def test_a_delivery_task_run_twice_sends_once(member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    configure_program()
    (delivery_id,) = create_journey_deliveries([journey_send(member).pk])

    tasks.deliver_task.delay(delivery_id)
    tasks.deliver_task.delay(delivery_id)

    assert len(mail.outbox) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("sent", 1) and delivery.sent_at


def test_an_email_message_is_rendered_with_its_first_line_as_subject(member, gold_tier, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    configure_program()
    member.tier = gold_tier
    member.save()
    credit_points(member, 120, key="bonus:test")
    (delivery_id,) = create_journey_deliveries([journey_send(member).pk])

    assert deliver(delivery_id) == "sent"

    (message,) = mail.outbox
    assert message.to == [member.user.email] and message.subject == "Thank you, Cora"
    assert "You have 120 points (Gold)." in message.body
    delivery = Delivery.objects.get()
    assert delivery.text == "Thank you, Cora\nYou have 120 points (Gold)."
    assert delivery.placeholders["points"] == 120 and delivery.placeholders["tier"] == "Gold"


def test_a_member_who_opted_out_since_is_skipped(member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    (delivery_id,) = create_journey_deliveries([journey_send(member).pk])
    member.email_notifications = False
    member.save()

    assert deliver(delivery_id) == "skipped"

    assert mail.outbox == []
    delivery = Delivery.objects.get()
    assert delivery.attempts == 0 and "opted out" in delivery.last_error


def test_new_deliveries_are_queued_after_the_commit(member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_on_commit_callbacks()  # the welcome e-mail
    mail.outbox.clear()
    ids = create_journey_deliveries([journey_send(member).pk])

    tasks.deliveries_created(ids)
    assert mail.outbox == []
    run_on_commit_callbacks()

    assert len(mail.outbox) == 1 and Delivery.objects.get().status == "sent"


def test_a_broker_that_is_down_does_not_fail_the_caller(member, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.queue_deliveries_task, "delay", refuse)
    ids = create_journey_deliveries([journey_send(member).pk])

    tasks.deliveries_created(ids)
    run_on_commit_callbacks()

    assert Delivery.objects.get().status == "pending"


def test_placeholders_name_the_order_coupon_and_survey(customer_api, member, shop, order_placer,
                                                       settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    configure_program(surveyUrl="https://shop.example/survey?s={survey}&o={order}")
    order = order_placer(customer_api, [(shop.add_variant("Shirt", "25.00"), 1)])
    coupon = host_discounts.select_vouchers(Coupon.objects.filter(member=member)).get()
    survey = Survey.objects.create(name="After-sales", points=50)
    send = journey_send(member, templates={"email": "{order_number} {coupon_code} {survey_url}"},
                        occasion=f"order:{order.pk}", survey=survey, coupon=coupon)
    (delivery_id,) = create_journey_deliveries([send.pk])

    deliver(delivery_id)

    values = Delivery.objects.get().placeholders
    number = str(getattr(order, "number", order.pk))
    code = host_discounts.voucher_code(host_discounts.voucher_of(coupon))
    order_id = quote(base64.b64encode(f"Order:{order.pk}".encode()).decode(), safe="")
    survey_id = quote(gid("LoyaltySurvey", survey), safe="")
    assert (values["order_number"], values["coupon_code"]) == (number, code)
    assert values["survey_url"] == f"https://shop.example/survey?s={survey_id}&o={order_id}"
    assert mail.outbox[0].body.startswith(f"{number} {code} https://shop.example/survey?")


def test_staff_read_a_members_deliveries(manage_users_api, member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    (delivery_id,) = create_journey_deliveries([journey_send(member).pk])
    deliver(delivery_id)
    query = """query($id: ID) { loyaltyMember(id: $id) { deliveries(first: 5) { edges { node {
        id channel status attempts lastError text template createdAt sentAt journey { id name }
    } } } } }"""

    data = manage_users_api.query(query, id=gid("LoyaltyMember", member))

    (edge,) = data["loyaltyMember"]["deliveries"]["edges"]
    node = edge["node"]
    assert (node["channel"], node["status"], node["attempts"], node["lastError"]) == \
        ("EMAIL", "SENT", 1, None)
    assert node["template"] == "journey" and node["text"].startswith("Thank you, Cora")
    assert node["journey"]["name"] == "After-sales" and node["sentAt"]


def test_customers_cannot_read_their_deliveries(customer_api, member):
    create_journey_deliveries([journey_send(member).pk])

    content = customer_api.post("{ me { loyalty { deliveries(first: 5) { edges { node { id } } } } } }")

    assert content["errors"] and not (content["data"]["me"]["loyalty"] or {}).get("deliveries")

