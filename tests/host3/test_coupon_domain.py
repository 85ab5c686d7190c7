"""Member coupons on Saleor 3, end to end: issued as Saleor 3 vouchers (one by one when a
customer joins, in bulk by the calendar jobs), told by e-mail, taken off by Saleor 3's own
checkout in each channel's currency, and used up by a real `checkoutComplete`, through
the plugin's `/graphql/` (Saleor's API with the loyalty fields) as a storefront calls it."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons import tasks as coupon_tasks
from saleor_loyalty.coupons.models import Coupon, CouponKind
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host import shop as host_shop
from saleor_loyalty.members.models import Member
from tests.fixtures.checkout import place_order
from tests.fixtures.loyalty import configure_program, make_member
from tests.fixtures.users import create_customer
from tests.host3.shop_driver import add_promo_code, checkout_with, complete_checkout, signed_in

# Saleor 3 reads some things through its `replica` alias (a mirror of `default` in tests).
pytestmark = pytest.mark.django_db(databases=["default", "replica"])

JOIN = """
mutation {
  loyaltyJoin {
    coupon {
      code kind status discountValueType discountValue minimumSpent { amount currency }
    }
    errors { field code message }
  }
}
"""

MY_COUPONS = """
{ me { loyalty { coupons { code kind status usedAt discountValue } } } }
"""


@pytest.fixture
def unpaid_shop(shop):
    """The shop, whose channels turn unpaid checkouts into (unconfirmed) orders."""
    shop.allow_unpaid_orders()
    return shop


@pytest.fixture
def program(db):
    return configure_program(welcomeCoupon="5", welcomeCouponMinimumSpend="10",
                             birthdayCoupon="10%", winbackCoupon="3", winbackAfterDays="90")


def test_the_shops_base_currency_is_its_default_channels(shop):
    assert host_shop.base_currency() == "USD"
    assert load_program().currency == "USD"


def test_member_coupon_is_used_after_a_paid_checkout_complete_with_it(shop, program):
    shirt = shop.add_variant("Shirt", "25.00")
    user = create_customer("cora@example.com")
    api = signed_in(user)
    joined = api.mutate(JOIN)
    code = joined["coupon"]["code"]
    assert joined["coupon"] == {
        "code": code, "kind": "WELCOME", "status": "ACTIVE", "discountValueType": "FIXED",
        "discountValue": 5.0, "minimumSpent": {"amount": 10.0, "currency": "USD"},
    }
    (welcome,) = [sent for sent in mail.outbox if sent.subject == "Welcome to Rewards Club"]
    assert f"5.00 USD off your next order with the code {code}" in welcome.body

    order = place_order(api, shop, [(shirt, 1)], user.email, promo_code=code)

    coupon = Coupon.objects.get(kind=CouponKind.WELCOME)
    assert order.voucher_id == coupon.voucher_id
    assert order.total_gross_amount == Decimal("30.00")  # 25 - 5 + 10 shipping
    assert (coupon.used_at, coupon.order_key) == (order.created_at, str(order.pk))
    assert coupons.status(coupon, timezone.now()) == coupons.USED
    mine = coupons.member_coupons(coupon.member)
    assert list(coupons.with_status(mine, coupons.USED, timezone.now())) == [coupon]
    assert not coupons.with_status(mine, coupons.ACTIVE, timezone.now()).exists()
    (listed,) = api.query(MY_COUPONS)["me"]["loyalty"]["coupons"]
    assert (listed["code"], listed["status"], listed["discountValue"]) == (code, "USED", 5.0)
    assert listed["usedAt"] is not None


def test_coupon_counts_as_used_from_saleors_count_of_its_code(unpaid_shop, customer_user,
                                                               program):
    """An unpaid checkout makes an unconfirmed order, which places nothing for the
    program (no `used_at`), but Saleor 3 counted the code's use: the coupon is used."""
    variant = unpaid_shop.add_product("Dune", stock=None)
    member = make_member(customer_user)
    coupon = Coupon.objects.get(member=member)
    api = signed_in(customer_user)
    checkout = checkout_with(api, "default-channel", variant)
    add_promo_code(api, checkout, host_discounts.voucher_code(coupon.voucher))

    assert complete_checkout(api, checkout)["errors"] == []

    coupon.refresh_from_db()
    assert coupon.used_at is None
    assert coupons.status(coupon, timezone.now()) == coupons.USED
    assert list(coupons.with_status(Coupon.objects.all(), coupons.USED, timezone.now())) == [
        coupon]
    assert not Coupon.objects.exclude(host_discounts.used_voucher_q("voucher")).exists()


def test_member_coupons_are_read_with_their_vouchers_in_one_query(
    shop, customer_user, program, django_assert_num_queries
):
    member = make_member(customer_user)
    for occasion in ("one", "two"):
        coupons.issue_for_occasion(member, CouponKind.BIRTHDAY, occasion, program, timezone.now())

    with django_assert_num_queries(1):
        vouchers = [(c, host_discounts.voucher_of(c)) for c in coupons.member_coupons(member)]
        read = [
            (host_discounts.voucher_code(voucher), coupons.status(c, timezone.now()),
             host_discounts.voucher_value(voucher), host_discounts.voucher_value(voucher, "channel-pln"))
            for c, voucher in vouchers
        ]

    assert len({code for code, *_ in read}) == 3
    assert {status for _code, status, _usd, _pln in read} == {coupons.ACTIVE}
    assert {(usd.currency, pln.currency) for _code, _status, usd, pln in read} == {("USD", "PLN")}


def test_calendar_jobs_issue_vouchers_saleors_checkout_takes_in_every_channel(
    unpaid_shop, program, django_capture_on_commit_callbacks
):
    variant = unpaid_shop.add_product("Dune", stock=None)  # 20 USD, 80 PLN
    now = timezone.now()
    birthday_user = create_customer("bday@example.com")
    dormant_user = create_customer("gone@example.com")
    birthday, dormant = make_member(birthday_user), make_member(dormant_user)
    # 1992 is a leap year: any day of this year exists in it.
    Member.objects.filter(pk=birthday.pk).update(
        birthday=timezone.localdate(now).replace(year=1992),
        birthday_set_at=now - timedelta(days=60), joined_at=now - timedelta(days=5),
    )
    Member.objects.filter(pk=dormant.pk).update(joined_at=now - timedelta(days=200))

    with django_capture_on_commit_callbacks(execute=True):
        counts = (coupon_tasks.issue_birthday_coupons_task(),
                  coupon_tasks.issue_winback_coupons_task())

    assert counts == (1, 1)
    assert (coupon_tasks.issue_birthday_coupons_task(),
            coupon_tasks.issue_winback_coupons_task()) == (0, 0)
    issued = {c.kind: c for c in host_discounts.select_vouchers(Coupon.objects.filter(
        kind__in=[CouponKind.BIRTHDAY, CouponKind.WINBACK]))}
    assert {kind: c.member_id for kind, c in issued.items()} == {
        CouponKind.BIRTHDAY: birthday.pk, CouponKind.WINBACK: dormant.pk}
    told = sorted((sent.to[0], sent.subject) for sent in mail.outbox)
    assert told == [("bday@example.com", "A gift from Rewards Club: 10% off"),
                    ("gone@example.com", "A gift from Rewards Club: 3.00 USD off")]
    winback = issued[CouponKind.WINBACK]
    assert host_discounts.voucher_value(winback.voucher, "channel-pln") == (
        host_discounts.VoucherValue(host_discounts.FIXED, Decimal(3), None, "PLN"))
    for user, coupon, taken in ((birthday_user, issued[CouponKind.BIRTHDAY], [2.0, 8.0]),
                                (dormant_user, winback, [3.0, 3.0])):
        api = signed_in(user)
        code = host_discounts.voucher_code(coupon.voucher)
        assert [
            add_promo_code(api, checkout_with(api, channel, variant), code)["checkout"]["discount"]
            for channel in ("default-channel", "channel-pln")
        ] == [{"amount": taken[0], "currency": "USD"}, {"amount": taken[1], "currency": "PLN"}]

    api = signed_in(dormant_user)
    checkout = checkout_with(api, "channel-pln", variant)
    add_promo_code(api, checkout, host_discounts.voucher_code(winback.voucher))
    assert complete_checkout(api, checkout)["errors"] == []
    used = host_discounts.select_vouchers(Coupon.objects.filter(pk=winback.pk)).get()
    assert coupons.status(used, timezone.now()) == coupons.USED
