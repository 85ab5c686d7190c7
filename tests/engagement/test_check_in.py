"""Daily check-in: once per calendar day in the shop's time zone (America/Chicago)."""
from datetime import date, datetime, time, timedelta
from datetime import timezone as tz

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.engagement.models import CheckIn
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.api import ApiClient
from tests.fixtures.concurrency import run_concurrently
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import PASSWORD, create_customer

CHECK_IN = """
mutation { loyaltyCheckIn { pointsAwarded streak member { pointsBalance checkedInToday }
                            errors { code message } } }
"""


def check_in(api):
    return api.query(CHECK_IN)["loyaltyCheckIn"]


def utc(*args):
    return datetime(*args, tzinfo=tz.utc)


def test_checking_in_twice_in_a_day_awards_once(customer_api, member):
    first = check_in(customer_api)
    second = check_in(customer_api)

    assert (first["pointsAwarded"], first["streak"], first["errors"]) == (10, 1, [])
    assert first["member"] == {"pointsBalance": 10, "checkedInToday": True}
    assert [e["code"] for e in second["errors"]] == ["ALREADY_CHECKED_IN"]
    assert PointsTransaction.objects.filter(kind="check_in").count() == 1


def test_the_day_ends_at_midnight_in_the_shops_time_zone(customer_api, member, settings):
    settings.TIME_ZONE = "America/Chicago"  # Saleor 2.10's own; Saleor 3 keeps UTC
    # 23:30 in Chicago is already the next day in UTC
    with freeze_time(utc(2025, 3, 10, 4, 30)):  # 9 March, 23:30 CDT
        assert check_in(customer_api)["errors"] == []
    with freeze_time(utc(2025, 3, 10, 4, 59)):  # 9 March, 23:59 CDT: same day
        assert [e["code"] for e in check_in(customer_api)["errors"]] == ["ALREADY_CHECKED_IN"]
    with freeze_time(utc(2025, 3, 10, 5, 1)):  # 10 March, 00:01 CDT: a new day
        result = check_in(customer_api)

    assert (result["errors"], result["streak"]) == ([], 2)
    assert list(CheckIn.objects.order_by("day").values_list("day", flat=True)) == [
        datetime(2025, 3, 9).date(), datetime(2025, 3, 10).date()]


# Days on which the clocks change: (zone, spring forward, fall back), all in 2025.
DST_CHANGES = [
    ("Europe/Warsaw", date(2025, 3, 30), date(2025, 10, 26)),
    ("America/New_York", date(2025, 3, 9), date(2025, 11, 2)),
]


@pytest.mark.parametrize("zone, change", [(z, d) for z, *days in DST_CHANGES for d in days])
def test_check_in_allows_one_per_local_calendar_day_across_a_daylight_saving_change(
        customer_api, member, settings, zone, change):
    settings.TIME_ZONE = zone

    def at(day, hour, minute):
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))  # in `zone`

    day_before, day_after = change - timedelta(days=1), change + timedelta(days=1)
    answers = []
    for moment in (at(day_before, 23, 30), at(change, 0, 30), at(change, 23, 30),
                   at(day_after, 0, 30)):
        with freeze_time(moment):
            result = check_in(customer_api)
            answers.append((result["streak"], [e["code"] for e in result["errors"]]))

    assert answers == [(1, []), (2, []), (None, ["ALREADY_CHECKED_IN"]), (3, [])]
    assert list(CheckIn.objects.order_by("day").values_list("day", flat=True)) == [
        day_before, change, day_after]


def test_every_seventh_day_in_a_row_earns_the_streak_bonus(customer_api, member):
    start = utc(2025, 6, 1, 18)
    awarded = []
    for day in range(8):
        with freeze_time(start + timedelta(days=day)):
            awarded.append(check_in(customer_api)["pointsAwarded"])
    with freeze_time(start + timedelta(days=10)):  # a day missed: the streak starts again
        restarted = check_in(customer_api)

    assert awarded == [10] * 6 + [60, 10]
    assert restarted["streak"] == 1


def test_non_members_cannot_check_in(customer_api, db):
    assert [e["code"] for e in check_in(customer_api)["errors"]] == ["NOT_A_MEMBER"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_check_ins_award_once():
    user = create_customer("eager@example.com")
    make_member(user)
    apis = [ApiClient().login(user.email, PASSWORD) for _ in range(2)]

    outcomes = run_concurrently([lambda api=api: check_in(api) for api in apis])

    codes = sorted(tuple(e["code"] for e in o[1]["errors"]) for o in outcomes)
    assert codes == [(), ("ALREADY_CHECKED_IN",)]
    assert CheckIn.objects.count() == 1
    assert PointsTransaction.objects.filter(kind="check_in").count() == 1
