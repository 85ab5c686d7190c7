"""Coupons last whole days on the shop's clock, across daylight-saving changes."""
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from tests.fixtures.loyalty import configure_program, credit_points

REDEEM = """
mutation { loyaltyRedeemPoints(points: 500) { coupon { code validUntil } errors { code } } }
"""
# Days on which the clocks change: (zone, spring forward, fall back), all in 2025.
DST_CHANGES = [
    ("Europe/Warsaw", date(2025, 3, 30), date(2025, 10, 26)),
    ("America/New_York", date(2025, 3, 9), date(2025, 11, 2)),
]
ACROSS_A_CHANGE = [(zone, day) for zone, *days in DST_CHANGES for day in days]


def local(zone, day, at):
    """`at` on `day` on the clock of `zone`, the shop's time zone (settings.TIME_ZONE)."""
    assert str(timezone.get_current_timezone()) == zone
    return timezone.make_aware(datetime.combine(day, at))


@pytest.mark.parametrize("zone, change", ACROSS_A_CHANGE)
@pytest.mark.parametrize("days", [2, 3, 10])
def test_a_coupon_valid_n_days_ends_at_the_last_moment_of_its_last_local_day_across_a_daylight_saving_change(
        customer_api, member, settings, zone, change, days):
    # given a shop whose clocks change tomorrow and codes valid `days` days
    settings.TIME_ZONE = zone
    configure_program(redemptionCouponDays=str(days))
    issued_on = change - timedelta(days=1)

    # when a member redeems points at noon
    with freeze_time(local(zone, issued_on, time(12))):
        credit_points(member, 500, "bonus:dst")
        result = customer_api.query(REDEEM)["loyaltyRedeemPoints"]

    # then the code lasts until 23:59:59.999999 on the shop's clock of its last day
    assert result["errors"] == []
    coupon = Coupon.objects.select_related("voucher").get(
        voucher_id=host_discounts.voucher_id_for_code(result["coupon"]["code"]))
    last_day = issued_on + timedelta(days=days - 1)
    expected = local(zone, last_day, time.max)
    assert coupon.valid_until == coupon.voucher.end_date == expected
    answered = datetime.fromisoformat(result["coupon"]["validUntil"])
    assert timezone.localtime(answered).replace(tzinfo=None) == datetime.combine(
        last_day, time.max)


@pytest.mark.parametrize("zone, change", ACROSS_A_CHANGE)
def test_end_of_day_is_the_last_moment_of_each_local_day_around_a_daylight_saving_change(
        settings, zone, change):
    settings.TIME_ZONE = zone
    first = change - timedelta(days=3)

    for days in range(1, 8):
        end = coupons.end_of_day(first, days)
        last_day = first + timedelta(days=days - 1)
        assert end == local(zone, last_day, time.max), (days, end)
        assert timezone.localtime(end + timedelta(microseconds=1)).replace(
            tzinfo=None) == datetime.combine(last_day + timedelta(days=1), time.min)
