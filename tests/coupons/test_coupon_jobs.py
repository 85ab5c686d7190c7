"""The calendar coupon jobs over a few hundred members, with dates relative to a frozen
clock: each picks exactly the right members, and running it twice issues nothing more."""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time
from saleor.order import OrderStatus
from saleor.account.models import User
from saleor.payment.models import Payment

from saleor_loyalty.coupons import tasks as coupon_tasks
from saleor_loyalty.coupons import occasions
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.members import enrolment
from saleor_loyalty.members.models import Member
from tests.fixtures.loyalty import configure_program
from tests.fixtures.orders import new_order
from tests.fixtures.users import create_customer

NOW = timezone.make_aware(datetime(2025, 6, 15, 12, 0))  # noon in the shop's time zone


def bulk_members(count, prefix, joined_at, birthday=None, birthday_set_at=None):
    """`count` members created at once (no welcome coupons), returned as ids."""
    users = [create_customer(f"{prefix}{i}@example.com", password="x") for i in range(count)]
    created = Member.objects.bulk_create([
        Member(user=user, referral_code=enrolment.new_referral_code(), joined_at=joined_at,
               birthday=birthday, birthday_set_at=birthday_set_at)
        for user in users
    ])
    return {member.pk for member in created}


def paid_order(member_id, created):
    user_id = Member.objects.values_list("user_id", flat=True).get(pk=member_id)
    user = User.objects.get(pk=user_id)
    order = new_order(user, user.email, OrderStatus.UNFULFILLED, created, Decimal(20))
    order.save()
    Payment.objects.create(order=order, gateway="dummy", total=Decimal(20),
                           captured_amount=Decimal(20), currency="USD")


def coupon_members(kind):
    return set(Coupon.objects.filter(kind=kind).values_list("member_id", flat=True))


@pytest.fixture
def long_ago():
    return NOW - timedelta(days=400)


def test_birthday_coupons_go_to_members_in_their_birthday_week_once(db, long_ago):
    configure_program(birthdayCoupon="15%")
    set_early = NOW - timedelta(days=60)
    in_week = set()
    for day in (12, 13, 15, 17, 18):  # three days either side of 15 June
        in_week |= bulk_members(30, f"bd{day}-", long_ago, date(1990, 6, day), set_early)
    outside = bulk_members(30, "bd11-", long_ago, date(1985, 6, 11), set_early)
    outside |= bulk_members(30, "bd19-", long_ago, date(1985, 6, 19), set_early)
    set_late = bulk_members(30, "late-", long_ago, date(1992, 6, 15), NOW - timedelta(days=10))
    no_birthday = bulk_members(30, "none-", long_ago)
    assert len(in_week | outside | set_late | no_birthday) == 270

    with freeze_time(NOW):
        first = coupon_tasks.issue_birthday_coupons_task()
        second = coupon_tasks.issue_birthday_coupons_task()

    assert (first, second) == (150, 0)
    assert coupon_members("birthday") == in_week
    coupon = Coupon.objects.filter(kind="birthday").select_related("voucher").first()
    assert host_discounts.voucher_value(coupon.voucher).value == Decimal(15)
    assert coupon.voucher.usage_limit == 1
    assert timezone.localtime(coupon.valid_until).date() > date(2025, 6, 15)
    coupons = host_discounts.select_vouchers(Coupon.objects.all())
    assert len({host_discounts.voucher_code(c.voucher) for c in coupons}) == 150


def test_a_birthday_week_across_new_year_and_29_february(db, long_ago):
    configure_program(birthdayCoupon="10%")
    december = bulk_members(3, "dec-", long_ago, date(1990, 12, 31), long_ago)
    leap = bulk_members(3, "leap-", long_ago, date(2000, 2, 29), long_ago)

    with freeze_time(timezone.make_aware(datetime(2026, 1, 2, 9))):
        coupon_tasks.issue_birthday_coupons_task()
    with freeze_time(timezone.make_aware(datetime(2025, 3, 1, 9))):  # 28 Feb 2025 stands in
        coupon_tasks.issue_birthday_coupons_task()

    assert set(Coupon.objects.filter(kind="birthday").values_list("occasion", flat=True)) == (
        {f"birthday:{m}:2025" for m in december | leap})


def test_winback_coupons_go_to_dormant_members_once_per_dormant_period(db):
    configure_program(winbackCoupon="10", winbackAfterDays="90")
    never_ordered_long = bulk_members(100, "quiet-", NOW - timedelta(days=200))
    new_members = bulk_members(100, "new-", NOW - timedelta(days=30))
    lapsed = bulk_members(60, "lapsed-", NOW - timedelta(days=400))
    regulars = bulk_members(60, "regular-", NOW - timedelta(days=400))
    for member_id in lapsed:
        paid_order(member_id, NOW - timedelta(days=120))
    for member_id in regulars:
        paid_order(member_id, NOW - timedelta(days=120))
        paid_order(member_id, NOW - timedelta(days=10))

    with freeze_time(NOW):
        assert coupon_tasks.issue_winback_coupons_task() == 160
        assert coupon_tasks.issue_winback_coupons_task() == 0

    assert coupon_members("winback") == never_ordered_long | lapsed
    # one lapsed member orders again and lapses again: a new dormant period, a new coupon
    comeback = min(lapsed)
    paid_order(comeback, NOW + timedelta(days=5))
    with freeze_time(NOW + timedelta(days=100)):
        call_command("loyalty_winback_coupons")
    assert Coupon.objects.filter(kind="winback", member_id=comeback).count() == 2
    # by then the new members have been quiet for 130 days too
    assert new_members <= coupon_members("winback")


def test_member_day_coupons_go_to_every_member_on_member_day_only(db):
    configure_program(memberDay="15", memberDayCoupon="5", memberDayCouponMinimumSpend="50")
    everyone = bulk_members(300, "md-", NOW - timedelta(days=10))

    with freeze_time(NOW - timedelta(days=1)):
        assert coupon_tasks.issue_member_day_coupons_task() == 0
    with freeze_time(NOW):
        assert coupon_tasks.issue_member_day_coupons_task() == 300
        assert coupon_tasks.issue_member_day_coupons_task() == 0

    assert coupon_members("member_day") == everyone
    coupon = Coupon.objects.filter(kind="member_day").select_related("voucher").first()
    assert host_discounts.voucher_value(coupon.voucher).minimum_spend == Decimal(50)
    assert timezone.localtime(coupon.valid_until).date() == date(2025, 6, 15)


def test_jobs_of_kinds_switched_off_issue_nothing(db):
    configure_program(birthdayCoupon="", memberDay="15")
    bulk_members(5, "off-", NOW - timedelta(days=400), date(1990, 6, 15), NOW - timedelta(days=400))

    with freeze_time(NOW):
        issued = [coupon_tasks.issue_birthday_coupons_task(), coupon_tasks.issue_winback_coupons_task(),
                  coupon_tasks.issue_member_day_coupons_task()]

    assert issued == [0, 0, 0]


def test_small_batches_give_the_same_result(db):
    configure_program(memberDay="15", memberDayCoupon="5")
    everyone = bulk_members(25, "batch-", NOW - timedelta(days=10))

    with freeze_time(NOW):
        issued = occasions.issue_member_day_coupons(
            configure_program(memberDay="15", memberDayCoupon="5"), timezone.now(), batch_size=7)

    assert len(issued) == 25 and coupon_members("member_day") == everyone
