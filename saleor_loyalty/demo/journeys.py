"""The demo program's member care: the weekly routine of a shop, as ready journeys, on."""
from decimal import Decimal
from typing import List

from django.utils import timezone

from saleor_loyalty.engagement import journeys
from saleor_loyalty.engagement.models import Journey, JourneyTrigger, Survey
from saleor_loyalty.host import discounts as host_discounts

DEMO_SURVEY = {"name": "After-sales survey", "question": "How happy are you with your order?",
               "points": 50}


def _email(text: str, sms: str = "") -> dict:
    return {"email": text, **({"sms": sms} if sms else {})}


def demo_journeys(survey: Survey) -> List[dict]:
    return [
        {"name": "Unpaid order reminder", "trigger": JourneyTrigger.ORDER_UNPAID, "steps": [
            {"wait_hours": 24, "templates": _email(
                "Hi {first_name}, your order {order_number} is waiting for its payment.",
                "Order {order_number} awaits payment.")},
        ]},
        {"name": "Left checkout", "trigger": JourneyTrigger.CHECKOUT_LEFT, "steps": [
            {"wait_hours": 4, "templates": _email(
                "Hi {first_name}, your cart is still here whenever you are ready.")},
        ]},
        {"name": "After-sales follow-up", "trigger": JourneyTrigger.ORDER_FULFILLED, "steps": [
            {"wait_hours": 24, "templates": _email(
                "Thank you for order {order_number}, {first_name}! A few tips to enjoy it.")},
            {"wait_hours": 24 * 7, "survey": survey, "templates": _email(
                "How was order {order_number}? Tell us in a minute and get "
                f"{survey.points} points: {{survey_url}}")},
            {"wait_hours": 24 * 21, "coupon_value": Decimal("10"),
             "coupon_value_type": host_discounts.PERCENTAGE, "coupon_valid_days": 14, "templates": _email(
                 "Something new for you, {first_name}: 10% off with {coupon_code}.")},
        ]},
        {"name": "Honeymoon", "trigger": JourneyTrigger.FIRST_ORDER, "steps": [
            {"wait_hours": 72, "templates": _email(
                "Welcome to the club, {first_name}: you have {points} points already.")},
            {"wait_hours": 24 * 14, "bonus_points": 100, "templates": _email(
                "Two weeks with us: 100 bonus points for your next order, {first_name}.")},
        ]},
        {"name": "Next tier is close", "trigger": JourneyTrigger.NEAR_NEXT_TIER,
         "points_gap": 200, "steps": [
             {"wait_hours": 0, "templates": _email(
                 "{first_name}, you are a few points away from the next tier ({tier} today).")},
         ]},
        {"name": "Tier about to lapse", "trigger": JourneyTrigger.TIER_LAPSE, "steps": [
            {"wait_hours": 0, "templates": _email(
                "{first_name}, one order keeps your {tier} benefits at the next review.")},
        ]},
        {"name": "Season's greetings", "trigger": JourneyTrigger.DATE, "month": 12, "day": 24,
         "steps": [
             {"wait_hours": 9, "templates": _email("Happy holidays, {first_name}!")},
         ]},
        {"name": "New year", "trigger": JourneyTrigger.DATE, "month": 1, "day": 1, "steps": [
            {"wait_hours": 10, "templates": _email("Happy new year, {first_name}!")},
        ]},
    ]


def demo_survey() -> Survey:
    """The after-sales survey of the demo (idempotent: by name)."""
    survey, _ = Survey.objects.get_or_create(name=DEMO_SURVEY["name"], defaults=DEMO_SURVEY)
    return survey


def create_demo_journeys() -> List[Journey]:
    """The routine as journeys, switched on (idempotent: by name)."""
    survey = demo_survey()
    now = timezone.now()
    made = []
    for data in demo_journeys(survey):
        existing = Journey.objects.filter(name=data["name"]).first()
        made.append(existing or journeys.create_journey(data, now))
    return made
