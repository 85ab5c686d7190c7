"""Member journeys: each step once per member and occasion, in order, through Saleor's real
orders and checkouts, with the clock moved forward to when a step is due."""
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.engagement.models import Journey, JourneySend, JourneyTrigger
from saleor_loyalty.engagement.tasks import run_journeys_task
from saleor_loyalty.notifications.models import Delivery, DeliveryStatus
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.api import gid
from tests.fixtures.checkout import create_checkout, place_order
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import credit_points, make_member
from tests.fixtures.program_switch import switch_program
from tests.fixtures.users import create_customer

CREATE = """
mutation($input: LoyaltyJourneyInput!) {
  loyaltyJourneyCreate(input: $input) {
    journey { id name trigger active steps { position waitHours templates { email sms } } }
    errors { field code message }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: LoyaltyJourneyInput!) {
  loyaltyJourneyUpdate(id: $id, input: $input) {
    journey { id active steps { position sent } }
    errors { field code message }
  }
}
"""
DELETE = """
mutation($id: ID!) { loyaltyJourneyDelete(id: $id) { journey { id name } errors { code } } }
"""
JOURNEYS = """
{ loyaltyJourneys(first: 10) { totalCount edges { node { name trigger
    steps { position waitHours sent } } } } }
"""


DELETE_AUDIENCE = """
mutation($id: ID!) { loyaltyAudienceDelete(id: $id) { errors { field code message } } }
"""


@pytest.fixture
def shirt(shop):
    return shop.add_variant("Shirt", Decimal("20.00"))


def journey(trigger, *steps, **settings):
    """A journey through the staff API's rules (engagement.journeys), started now."""
    from saleor_loyalty.engagement import journeys

    data = {"name": f"{trigger} journey", "trigger": trigger, "steps": list(steps), **settings}
    return journeys.create_journey(data, timezone.now())


def step(wait_hours, text="Hello {first_name}", **gift):
    return {"wait_hours": wait_hours, "templates": {"email": text}, **gift}


def run_at(moment):
    """The journeys job as the scheduler runs it at `moment`, with the messages it queues."""
    with freeze_time(moment):
        run_journeys_task()
        run_on_commit_callbacks()


def sent(member, journey_obj=None):
    """(step position, occasion) of every send to `member`, in the order they were made."""
    sends = JourneySend.objects.filter(member=member).order_by("id")
    if journey_obj is not None:
        sends = sends.filter(step__journey=journey_obj)
    return [(s.step.position, s.occasion) for s in sends]


def test_unpaid_order_gets_one_reminder_after_the_wait(shirt, member, shop, order_desk, mailoutbox):
    reminder = journey(JourneyTrigger.ORDER_UNPAID, step(4, "Order {order_number} waits"))
    order = order_desk.create_order_for(member.user, [(shirt, 1)])
    now = timezone.now()

    run_at(now + timedelta(hours=3))
    assert sent(member) == []

    run_at(now + timedelta(hours=5))
    run_at(now + timedelta(hours=6))
    assert sent(member) == [(1, f"order:{order.pk}")]
    delivery = Delivery.objects.get(member=member)
    assert delivery.status == DeliveryStatus.SENT
    assert str(order.number if hasattr(order, "number") else order.pk) in delivery.text
    assert [m.to for m in mailoutbox if "waits" in m.body] == [[member.user.email]]
    assert reminder.steps.get().sends.count() == 1


def test_order_paid_before_the_reminder_is_due_gets_none(shirt, member, shop, order_desk):
    journey(JourneyTrigger.ORDER_UNPAID, step(4))
    order = order_desk.create_order_for(member.user, [(shirt, 1)])
    order_desk.mark_as_paid(order)

    run_at(timezone.now() + timedelta(hours=5))
    assert sent(member) == []
    assert not Delivery.objects.filter(member=member).exists()


def test_left_checkout_gets_one_reminder_and_a_completed_one_none(shirt, 
        member, shop, customer_api, other_customer, other_customer_api):
    journey(JourneyTrigger.CHECKOUT_LEFT, step(2, "Your cart misses you"))
    make_member(other_customer)
    create_checkout(customer_api, [(shirt, 1)], email=member.user.email)
    place_order(other_customer_api, shop, [(shirt, 1)], email=other_customer.email)

    now = timezone.now()
    run_at(now + timedelta(hours=3))
    run_at(now + timedelta(hours=4))
    occasions = sent(member)
    assert len(occasions) == 1 and occasions[0][1].startswith("checkout:")
    assert JourneySend.objects.filter(member__user=other_customer).count() == 0


def test_follow_up_sends_each_step_once_in_order(shirt, member, shop, customer_api, order_desk):
    follow_up = journey(
        JourneyTrigger.ORDER_FULFILLED,
        step(24, "Thank you, {first_name}: tips for your order {order_number}"),
        step(24 * 7, "How was it? {survey_url}", bonus_points=50),
        step(24 * 21, "Something new for you: {coupon_code}", coupon_value=Decimal("5")),
    )
    order = place_order(customer_api, shop, [(shirt, 1)], email=member.user.email)
    order_desk.fulfill(order)
    now = timezone.now()
    occasion = f"order:{order.pk}"

    run_at(now + timedelta(hours=23))
    assert sent(member, follow_up) == []
    run_at(now + timedelta(hours=25))
    assert sent(member, follow_up) == [(1, occasion)]
    run_at(now + timedelta(days=3))
    run_at(now + timedelta(days=7, hours=1))
    assert sent(member, follow_up) == [(1, occasion), (2, occasion)]
    run_at(now + timedelta(days=21, hours=1))
    run_at(now + timedelta(days=21, hours=2))
    assert sent(member, follow_up) == [(1, occasion), (2, occasion), (3, occasion)]

    second = JourneySend.objects.get(member=member, step__position=2)
    assert PointsTransaction.objects.filter(key=f"journey:{second.pk}", points=50).count() == 1
    third = JourneySend.objects.get(member=member, step__position=3)
    assert third.coupon is not None and third.coupon.member_id == member.pk
    assert Delivery.objects.filter(member=member, status=DeliveryStatus.SENT).count() == 3


def test_a_late_step_is_not_sent_before_the_one_before_it(shirt, member, shop, customer_api, order_desk):
    follow_up = journey(JourneyTrigger.ORDER_FULFILLED, step(1), step(2))
    order = place_order(customer_api, shop, [(shirt, 1)], email=member.user.email)
    order_desk.fulfill(order)
    JourneySend.objects.all().delete()

    # A worker down for two hours: both steps are due at once, and go out in order.
    run_at(timezone.now() + timedelta(hours=2, minutes=5))
    assert [position for position, _ in sent(member, follow_up)] == [1, 2]


def test_member_near_the_next_tier_is_told_once(member, silver_tier):
    journey(JourneyTrigger.NEAR_NEXT_TIER, step(0, "{points} points: {tier} is close"),
            points_gap=100)
    credit_points(member, int(silver_tier.threshold) - 80, key="bonus")
    far = make_member(create_customer("far@example.com"))

    now = timezone.now()
    run_at(now + timedelta(minutes=15))
    run_at(now + timedelta(minutes=30))
    assert sent(member) == [(1, f"tier:{silver_tier.pk}:{int(member.joined_at.timestamp())}")]
    assert sent(far) == []


def test_holiday_greeting_goes_out_once_on_the_shops_local_date(member, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    journey(JourneyTrigger.DATE, step(9, "Merry Christmas, {first_name}"), month=12, day=25)
    year = timezone.now().year + 1
    tokyo = timezone.get_current_timezone()

    run_at(timezone.make_aware(datetime(year, 12, 24, 23, 0), tokyo))
    run_at(timezone.make_aware(datetime(year, 12, 25, 8, 59), tokyo))
    assert sent(member) == []
    run_at(timezone.make_aware(datetime(year, 12, 25, 9, 0), tokyo))
    run_at(timezone.make_aware(datetime(year, 12, 25, 23, 0), tokyo))
    run_at(timezone.make_aware(datetime(year, 12, 26, 10, 0), tokyo))
    assert sent(member) == [(1, f"date:{year}-12-25")]


def test_member_who_opted_out_of_email_gets_the_gift_but_no_email(shirt, member, shop, customer_api,
                                                                  order_desk):
    member.email_notifications = False
    member.save(update_fields=["email_notifications"])
    journey(JourneyTrigger.ORDER_FULFILLED, step(1, "Thanks", bonus_points=10))
    order = place_order(customer_api, shop, [(shirt, 1)], email=member.user.email)
    order_desk.fulfill(order)

    run_at(timezone.now() + timedelta(hours=2))
    send = JourneySend.objects.get(member=member)
    assert send.points == 10
    assert not Delivery.objects.filter(member=member).exists()


def test_journey_audience_limits_it_to_one_tier(member, gold_tier):
    journey(JourneyTrigger.NEAR_NEXT_TIER, step(0), points_gap=10 ** 6, tier=gold_tier)
    run_at(timezone.now() + timedelta(minutes=15))
    assert sent(member) == []


def test_journey_aimed_at_an_audience_reaches_only_whom_it_selects(member, silver_tier, manage_users_api):
    from saleor_loyalty.insight.models import Audience, Tag

    tag = Tag.objects.create(name="Newsletter")
    tagged = make_member(create_customer("tagged@example.com"))
    tagged.member_tags.create(tag=tag, source="manual")
    saved = Audience.objects.create(name="Tagged", filter={"tags": ["Newsletter"]})
    by_filter = journey(JourneyTrigger.NEAR_NEXT_TIER, step(0), points_gap=10 ** 6,
                        audience_filter={"points_max": 0, "tags": ["Newsletter"]})
    by_audience = journey(JourneyTrigger.NEAR_NEXT_TIER, step(0), points_gap=10 ** 6,
                          audience=saved)
    refused = manage_users_api.query(DELETE_AUDIENCE, {"id": gid("LoyaltyAudience", saved)})

    run_at(timezone.now() + timedelta(minutes=15))

    assert [s[0] for s in sent(tagged, by_filter)] == [1] and sent(member, by_filter) == []
    assert [s[0] for s in sent(tagged, by_audience)] == [1] and sent(member, by_audience) == []
    assert refused["loyaltyAudienceDelete"]["errors"][0]["code"] == "INVALID"


def test_paused_journey_sends_nothing_and_resuming_skips_what_was_due(shirt, 
        member, shop, order_desk, manage_users_api):
    created = manage_users_api.mutate(CREATE, {"input": {
        "name": "Unpaid", "trigger": "ORDER_UNPAID", "active": False,
        "steps": [{"waitHours": 1, "templates": {"email": "Pay {order_number}"}}],
    }})["journey"]
    order_desk.create_order_for(member.user, [(shirt, 1)])
    now = timezone.now()
    run_at(now + timedelta(hours=2))
    assert sent(member) == []

    # Resumed two hours later: the reminder was due while it was paused.
    with freeze_time(now + timedelta(hours=2)):
        resumed = manage_users_api.mutate(UPDATE, {"id": created["id"], "input": {
            "name": "Unpaid", "trigger": "ORDER_UNPAID", "active": True,
            "steps": [{"waitHours": 1, "templates": {"email": "Pay {order_number}"}}],
        }})["journey"]
    assert resumed["active"] is True
    run_at(now + timedelta(hours=3))
    assert sent(member) == []
    with freeze_time(now + timedelta(hours=2, minutes=30)):
        later = order_desk.create_order_for(member.user, [(shirt, 1)])
    run_at(now + timedelta(hours=3, minutes=30))
    assert sent(member) == [(1, f"order:{later.pk}")]


def test_staff_create_list_and_delete_journeys(manage_users_api):
    created = manage_users_api.mutate(CREATE, {"input": {
        "name": "Honeymoon", "trigger": "FIRST_ORDER",
        "steps": [{"waitHours": 72, "templates": {"email": "Welcome aboard {first_name}",
                                                  "sms": "Hi {first_name}"}}],
    }})["journey"]
    assert created["steps"] == [{"position": 1, "waitHours": 72, "templates": {
        "email": "Welcome aboard {first_name}", "sms": "Hi {first_name}"}}]

    listed = manage_users_api.query(JOURNEYS)["loyaltyJourneys"]
    assert listed["totalCount"] == 1
    assert listed["edges"][0]["node"]["steps"] == [{"position": 1, "waitHours": 72, "sent": 0}]

    deleted = manage_users_api.mutate(DELETE, {"id": created["id"]})
    assert deleted["journey"]["name"] == "Honeymoon"
    assert not Journey.objects.exists()


@pytest.mark.parametrize("step_input, field, words", [
    ({"waitHours": 1, "templates": {"email": "Hi {nickname}"}}, "steps.0.templates", "nickname"),
    ({"waitHours": -1, "templates": {"email": "Hi"}}, "steps.0.waitHours", "0 to"),
    ({"waitHours": 1}, "steps.0", "message"),
    ({"waitHours": 1, "couponValue": "-5"}, "steps.0.couponValue", "worth"),
])
def test_journey_with_bad_input_is_refused_with_the_reason(manage_discounts_api, step_input,
                                                           field, words):
    result = manage_discounts_api.query(CREATE, {"input": {
        "name": "Bad", "trigger": "ORDER_FULFILLED", "steps": [step_input]}})
    errors = result["loyaltyJourneyCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, "INVALID")] or \
        [(e["field"], e["code"]) for e in errors] == [(field, "REQUIRED")]
    assert words in errors[0]["message"]
    assert not Journey.objects.exists()


def test_date_journey_needs_a_real_date_and_near_tier_a_gap(manage_users_api):
    for settings, field in (({"month": 2, "day": 30}, "day"), ({}, "pointsGap")):
        trigger = "DATE" if "month" in settings else "NEAR_NEXT_TIER"
        result = manage_users_api.query(CREATE, {"input": {
            "name": "Bad", "trigger": trigger, **settings,
            "steps": [{"waitHours": 0, "templates": {"email": "Hi"}}]}})
        assert [e["field"] for e in result["loyaltyJourneyCreate"]["errors"]] == [field]


def test_customers_cannot_manage_or_read_journeys(customer_api, member):
    result = customer_api.query(CREATE, {"input": {
        "name": "Mine", "trigger": "FIRST_ORDER",
        "steps": [{"waitHours": 0, "templates": {"email": "Hi"}}]}})
    assert result["loyaltyJourneyCreate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    response = customer_api.post(JOURNEYS)
    assert response["data"]["loyaltyJourneys"] is None
    assert not Journey.objects.exists()


def test_program_switched_off_runs_no_journey(member, manage_plugins_api):
    journey(JourneyTrigger.NEAR_NEXT_TIER, step(0), points_gap=10 ** 6)
    switch_program(manage_plugins_api, active=False)
    run_at(timezone.now() + timedelta(minutes=15))
    assert sent(member) == []
