"""Journeys as the merchant defines them: a trigger, an audience and ordered steps, each
with its wait, gifts and a message per channel (engagement.models.Journey).

Saving checks everything once (names, the trigger's own settings, step order, gifts, and
every template's placeholders) and raises one ValidationError listing every problem; the
steps are matched by position, so editing a journey keeps the record of what each kept step
already sent, and nobody gets a kept step twice.
"""
from datetime import date, datetime
from typing import List

from django.core.exceptions import ValidationError
from django.db import transaction

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.engagement import gifts
from saleor_loyalty.engagement.models import Journey, JourneyStep, JourneyTrigger
from saleor_loyalty.insight import audiences
from saleor_loyalty.insight.models import Segment
from saleor_loyalty.notifications.models import MessageChannel
from saleor_loyalty.notifications.templates import validate_template

MAX_STEPS = 10
MAX_WAIT_HOURS = 24 * 366
MAX_TEMPLATE = 2000
MAX_POINTS_GAP = 10 ** 7
_LEAP_YEAR = 2024


def _check_trigger(data: dict, errors: ErrorCollector):
    trigger = data.get("trigger")
    if trigger not in JourneyTrigger.values:
        errors.add("trigger", LoyaltyErrorCode.INVALID, "Unknown trigger.")
    if trigger == JourneyTrigger.NEAR_NEXT_TIER:
        gap = data.get("points_gap")
        if gap is None or not 1 <= gap <= MAX_POINTS_GAP:
            errors.add("pointsGap", LoyaltyErrorCode.REQUIRED if gap is None else
                       LoyaltyErrorCode.INVALID,
                       f"Say how close to the next tier, in points (1 to {MAX_POINTS_GAP}).")
    if trigger == JourneyTrigger.DATE:
        month, day = data.get("month"), data.get("day")
        try:
            valid = month is not None and day is not None and date(_LEAP_YEAR, month, day)
        except (TypeError, ValueError):
            valid = False
        if not valid or (month, day) == (2, 29):
            errors.add("day", LoyaltyErrorCode.INVALID,
                       "A date journey needs a month and a day that every year has.")


def _check_templates(index: int, templates, errors: ErrorCollector) -> dict:
    templates = dict(templates or {})
    kept = {}
    for channel, text in templates.items():
        if channel not in MessageChannel.values:
            errors.add(f"steps.{index}.templates", LoyaltyErrorCode.INVALID,
                       f"Unknown channel {channel!r}.")
            continue
        text = (text or "").strip()
        if not text:
            continue
        if len(text) > MAX_TEMPLATE:
            errors.add(f"steps.{index}.templates", LoyaltyErrorCode.INVALID,
                       f"A {channel} template is at most {MAX_TEMPLATE} characters.")
            continue
        try:
            validate_template(text)
        except ValidationError as error:  # it names the placeholder
            message = "; ".join(error.messages)
            errors.add(f"steps.{index}.templates", LoyaltyErrorCode.INVALID,
                       f"{channel}: {message}")
            continue
        kept[channel] = text
    return kept


def _check_steps(steps, errors: ErrorCollector) -> List[dict]:
    steps = list(steps or [])
    if not 1 <= len(steps) <= MAX_STEPS:
        errors.add("steps", LoyaltyErrorCode.REQUIRED if not steps else LoyaltyErrorCode.INVALID,
                   f"A journey has 1 to {MAX_STEPS} steps.")
    checked, previous_wait = [], -1
    for index, step in enumerate(steps):
        wait = step.get("wait_hours") or 0
        if not 0 <= wait <= MAX_WAIT_HOURS:
            errors.add(f"steps.{index}.waitHours", LoyaltyErrorCode.INVALID,
                       f"A step waits 0 to {MAX_WAIT_HOURS} hours.")
        elif wait <= previous_wait:
            errors.add(f"steps.{index}.waitHours", LoyaltyErrorCode.INVALID,
                       "Each step waits longer than the step before it.")
        previous_wait = max(previous_wait, wait)
        gift = gifts.validated_gift(step, errors.nested(f"steps.{index}."))
        given = step.get("templates") or {}
        templates = _check_templates(index, given, errors)
        if not any((text or "").strip() for text in dict(given).values()) \
                and not gift["bonus_points"] and gift["coupon_value"] is None:
            errors.add(f"steps.{index}", LoyaltyErrorCode.REQUIRED,
                       "A step sends a message, gives a gift, or both.")
        checked.append({"position": index + 1, "wait_hours": wait, "survey": step.get("survey"),
                        "templates": templates, **gift})
    return checked


def validated(data: dict) -> dict:
    errors = ErrorCollector()
    name = (data.get("name") or "").strip()
    if not name or len(name) > 100:
        errors.add("name", LoyaltyErrorCode.REQUIRED if not name else LoyaltyErrorCode.INVALID,
                   "A journey needs a name of at most 100 characters.")
    _check_trigger(data, errors)
    segment = data.get("segment") or ""
    if segment and segment not in Segment.values:
        errors.add("segment", LoyaltyErrorCode.INVALID, "Unknown segment.")
    audience, audience_filter = audiences.validated_aim(data, errors)
    steps = _check_steps(data.get("steps"), errors)
    errors.raise_if_any()
    trigger = data["trigger"]
    return {
        "name": name, "trigger": trigger, "active": data.get("active", True),
        "tier": data.get("tier"), "segment": segment,
        "audience": audience, "audience_filter": audience_filter,
        "points_gap": data.get("points_gap") if trigger == JourneyTrigger.NEAR_NEXT_TIER else None,
        "month": data.get("month") if trigger == JourneyTrigger.DATE else None,
        "day": data.get("day") if trigger == JourneyTrigger.DATE else None,
        "steps": steps,
    }


def _save_steps(journey: Journey, steps: List[dict]):
    for step in steps:
        JourneyStep.objects.update_or_create(
            journey=journey, position=step["position"],
            defaults={key: value for key, value in step.items() if key != "position"},
        )
    journey.steps.filter(position__gt=len(steps)).delete()


def create_journey(data: dict, now: datetime) -> Journey:
    """A new journey; it acts on occasions due from now on, not on past ones."""
    values = validated(data)
    steps = values.pop("steps")
    with transaction.atomic():
        journey = Journey.objects.create(starts_at=now, created_at=now, **values)
        _save_steps(journey, steps)
    return journey


def update_journey(journey: Journey, data: dict, now: datetime) -> Journey:
    """Replace a journey's settings and steps. Switching a paused journey back on makes it
    act on occasions due from now on, not on those it missed while paused."""
    values = validated(data)
    steps = values.pop("steps")
    with transaction.atomic():
        journey = Journey.objects.select_for_update().get(pk=journey.pk)
        if values["active"] and not journey.active:
            journey.starts_at = now
        for field, value in values.items():
            setattr(journey, field, value)
        journey.save()
        _save_steps(journey, steps)
    return journey


def delete_journey(journey: Journey):
    """Remove a journey with its record of sends and messages."""
    journey.delete()
