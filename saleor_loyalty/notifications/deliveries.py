"""Journey messages on every channel, each a `Delivery` row sent at most once.

`create_journey_deliveries` turns journey sends into pending deliveries in one statement:
one per send and channel the step has a text for and the member chose (the key
`journey-send:<send>:<channel>` is unique, so creating them again adds nothing). `deliver`
sends one under its row lock and records what became of it: a delivery that is no longer
pending is never sent again, however often its task runs; a failure is recorded and raised
for Celery to retry, and the last attempt marks it failed instead.
"""
import base64
from typing import Iterable, List, Optional
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from saleor_loyalty.core.program import Program, load_program
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.engagement.models import JourneySend, JourneyStep
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host import messaging as host_messaging
from saleor_loyalty.host.emails import send_email
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import webhooks
from saleor_loyalty.notifications.models import Delivery, DeliveryStatus, MessageChannel
from saleor_loyalty.notifications.templates import render

JOURNEY_TEMPLATE = "journey"
WEBHOOK_CHANNELS = (MessageChannel.SMS, MessageChannel.PUSH)

_CREATE_SQL = """
INSERT INTO {delivery} (key, member_id, channel, template, journey_send_id, text,
                        placeholders, status, attempts, last_error, created_at)
SELECT 'journey-send:' || s.id || ':' || c.channel, s.member_id, c.channel, %(template)s,
       s.id, '', '{{}}', %(pending)s, 0, '', %(now)s
FROM {send} s
JOIN {step} st ON st.id = s.step_id
JOIN {member} m ON m.id = s.member_id AND m.erased_at IS NULL
JOIN {user} u ON u.id = m.user_id
CROSS JOIN LATERAL (VALUES
    (%(email)s, m.email_notifications AND COALESCE(u.{email}, '') <> ''),
    (%(sms)s, m.sms_notifications AND %(webhook)s),
    (%(push)s, m.push_notifications AND %(webhook)s)
) AS c (channel, chosen)
WHERE s.id = ANY(%(sends)s) AND c.chosen
  AND COALESCE(BTRIM(st.templates ->> c.channel), '') <> ''
ORDER BY s.id, c.channel
ON CONFLICT (key) DO NOTHING
RETURNING id
"""


def create_journey_deliveries(send_ids: Iterable[int], program: Optional[Program] = None) -> List[int]:
    """The ids of the deliveries created for these journey sends (none twice)."""
    send_ids = list(send_ids)
    if not send_ids:
        return []
    program = program or load_program()
    user = get_user_model()
    sql = _CREATE_SQL.format(
        delivery=Delivery._meta.db_table, send=JourneySend._meta.db_table,
        step=JourneyStep._meta.db_table, member=Member._meta.db_table,
        user=user._meta.db_table, email=user._meta.get_field("email").column,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {
            "template": JOURNEY_TEMPLATE, "pending": DeliveryStatus.PENDING.value,
            "now": timezone.now(), "sends": send_ids,
            "email": MessageChannel.EMAIL.value, "sms": MessageChannel.SMS.value,
            "push": MessageChannel.PUSH.value, "webhook": bool(program.messages.webhook_url),
        })
        return [row[0] for row in cursor.fetchall()]


def _relay_id(type_name: str, pk) -> str:
    """The ID the storefront's GraphQL API knows the object by."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def _order_key(send: JourneySend) -> str:
    kind, _, key = send.occasion.partition(":")
    return key if kind == "order" else ""


def _coupon_code(send: JourneySend) -> str:
    if send.coupon_id is None:
        return ""
    coupon = host_discounts.select_vouchers(Coupon.objects.filter(pk=send.coupon_id)).first()
    if coupon is None or coupon.voucher_id is None:
        return ""
    return host_discounts.voucher_code(host_discounts.voucher_of(coupon))


def _survey_url(program: Program, step: JourneyStep, order_key: str) -> str:
    if not program.messages.survey_url or step.survey_id is None:
        return ""
    order = quote(_relay_id("Order", order_key), safe="") if order_key else ""
    return (program.messages.survey_url
            .replace("{survey}", quote(_relay_id("LoyaltySurvey", step.survey_id), safe=""))
            .replace("{order}", order))


def placeholders(member: Member, send: JourneySend, program: Program) -> dict:
    """The values of every placeholder for this member and journey send."""
    order_key = _order_key(send)
    return {
        "first_name": member.user.first_name,
        "points": member.points_balance,
        "tier": member.tier.name if member.tier_id else "",
        "coupon_code": _coupon_code(send),
        "order_number": host_messaging.order_number(order_key) if order_key else "",
        "survey_url": _survey_url(program, send.step, order_key),
    }


def _refusal(delivery: Delivery, member: Member, program: Program) -> Optional[str]:
    """Why the delivery must not go out (any more), or None."""
    user = member.user
    if user is None or member.erased_at is not None:
        return "The member's account is gone."
    chosen = {
        MessageChannel.EMAIL: member.email_notifications and bool(user.email),
        MessageChannel.SMS: member.sms_notifications,
        MessageChannel.PUSH: member.push_notifications,
    }
    if not chosen.get(delivery.channel):
        return "The member opted out of this channel."
    if delivery.channel in WEBHOOK_CHANNELS and not program.messages.webhook_url:
        return "No message webhook is configured."
    if not (delivery.journey_send.step.templates or {}).get(delivery.channel, "").strip():
        return "The journey step has no text for this channel any more."
    return None


def _send(delivery: Delivery, member: Member, program: Program) -> None:
    user = member.user
    if delivery.channel == MessageChannel.EMAIL:
        first_line, _, rest = delivery.text.partition("\n")
        subject, body = (first_line.strip(), rest.strip()) if rest.strip() else ("", delivery.text)
        send_email(JOURNEY_TEMPLATE, user.email, {
            "program_name": program.name, "first_name": user.first_name,
            "subject": subject, "text": body,
        })
        return
    webhooks.post_message(program.messages.webhook_url, program.messages.webhook_secret, {
        "idempotency_key": delivery.key,
        "channel": delivery.channel,
        "template": delivery.template,
        "text": delivery.text,
        "placeholders": delivery.placeholders,
        "member": {
            "id": _relay_id("LoyaltyMember", member.pk),
            "email": user.email,
            "first_name": user.first_name,
            "phone": host_messaging.customer_phone(user),
        },
    })


def deliver(delivery_id: int, final_attempt: bool = False) -> Optional[str]:
    """Send one pending delivery now; its status after (None when it is gone).

    A failure is recorded (attempts, last error) and raised again for the task to retry,
    except on the `final_attempt`, which marks the delivery failed. The row stays locked
    while the message goes out, so a second worker waits and then finds it sent.
    """
    failure = None
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return delivery and delivery.status
        delivery = Delivery.objects.select_related(
            "member__user", "member__tier", "journey_send__step").get(pk=delivery_id)
        member, program = delivery.member, load_program()
        refusal = _refusal(delivery, member, program)
        if refusal is not None:
            delivery.status, delivery.last_error = DeliveryStatus.SKIPPED, refusal
            delivery.save(update_fields=["status", "last_error"])
            return delivery.status
        delivery.attempts += 1
        try:
            delivery.placeholders = placeholders(member, delivery.journey_send, program)
            delivery.text = render(delivery.journey_send.step.templates[delivery.channel],
                                   delivery.placeholders)
            _send(delivery, member, program)
        except ValidationError as exc:  # a template no attempt can render
            delivery.status, delivery.last_error = DeliveryStatus.FAILED, " ".join(exc.messages)
        except Exception as exc:  # noqa: BLE001 - recorded, then raised for the retry
            failure = exc
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if final_attempt:
                delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status, delivery.last_error = DeliveryStatus.SENT, ""
            delivery.sent_at = timezone.now()
        delivery.save(update_fields=[
            "attempts", "placeholders", "text", "status", "last_error", "sent_at"])
    if failure is not None and not final_attempt:
        raise failure
    return delivery.status
