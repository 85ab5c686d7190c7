"""Money edges of refunds and rounding, through Saleor's real refund flows on both hosts
(`orderRefund` of an amount; Saleor 3's line and shipping refunds are
tests/host3/test_refund_edges.py's).

The rule (README, "Points: how orders earn them"): points follow the goods money kept.
Earning floors; after refunds an order keeps floor(earned x share of its goods money
kept), so reversals never exceed what was earned and partial refunds add up exactly;
coupon money rounds half up to the currency's unit. Tests marked "defect" failed before
the rule was fixed.
"""
from decimal import Decimal

from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.api import gid
from tests.fixtures.hosts import implementation
from tests.fixtures.loyalty import (
    balances,
    configure_program,
    credit_points,
    make_member,
    order_reversals,
)

FULFILL = implementation("orders").FULFILL


def _earned(order):
    return PointsTransaction.objects.get(key=f"earn:{order.pk}").points


def _fulfill_only(order_desk, order, variant):
    """Ship every item of `variant`'s line and nothing else."""
    line = order.lines.get(variant=variant)
    order_desk.api.mutate(FULFILL, {"order": gid("Order", order), "input": {"lines": [{
        "orderLineId": gid("OrderLine", line),
        "stocks": [{"quantity": line.quantity, "warehouse": gid("Warehouse", order_desk.shop.warehouse)}],
    }]}})


def test_refund_of_shipping_only_takes_back_no_points(customer_api, member, shop, order_placer, order_desk):
    """Defect: a refund of the shipping price took back 10/60 of the points."""
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])  # 50 goods + 10 shipping
    order_desk.fulfill(order)

    order_desk.refund(order, "10.00")
    after_shipping = balances(member)
    order_desk.refund(order, "25.00")  # shipping is back already: this is goods

    assert after_shipping == (50, 0, 50)
    assert order_reversals(order) == [-25]
    assert balances(member) == (25, 0, 25)


def test_plain_amount_refund_takes_its_share_of_goods_and_shipping(
    customer_api, member, shop, order_placer, order_desk
):
    """An amount refund does not say which line it was for: it pays back goods and
    shipping in proportion (30 of 65 is 25.38 of the 55 goods), and the order keeps what
    the goods kept (29.62) would earn: 29."""
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    mug = shop.add_variant("Mug", "30.00")
    order = order_placer(customer_api, [(shirt, 1), (mug, 1)])
    order_desk.fulfill(order)

    order_desk.refund(order, "30.00")

    assert order_reversals(order) == [-26]
    assert balances(member) == (29, 0, 29)


def test_points_kept_after_a_refund_are_what_the_kept_goods_would_earn(
    customer_api, member, shop, order_placer, order_desk
):
    """Defect: reversals rounded half up, so the order kept 82 points for 81.77 of goods
    (an order of 81.77 earns 81)."""
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 4)])  # 100 goods + 10 shipping
    order_desk.fulfill(order)

    order_desk.refund(order, "20.05")  # 18.23 of the goods

    assert order_reversals(order) == [-19]
    assert balances(member) == (81, 0, 81)


def test_earning_floors_odd_cents(customer_api, member, shop, order_placer):
    configure_program(pointsPerCurrencyUnit="3")
    pen = shop.add_variant("Pen", "3.33")

    order = order_placer(customer_api, [(pen, 1)])

    assert _earned(order) == 9  # 9.99 floored


def test_three_refunds_of_a_third_take_back_exactly_what_was_earned(
    customer_api, member, shop, order_placer, order_desk
):
    configure_program(returnWindowDays="0")
    book = shop.add_variant("Book", "23.33")
    order = order_placer(customer_api, [(book, 1)])  # 23 points; 33.33 with shipping
    order_desk.fulfill(order)

    for _third in range(3):
        order_desk.refund(order, "11.11")

    assert _earned(order) == 23
    assert order_reversals(order) == [-8, -8, -7]
    assert balances(member) == (0, 0, 0)


def test_two_refunds_of_a_third_leave_what_the_last_third_would_earn(
    customer_api, member, shop, order_placer, order_desk
):
    """Partial refunds add up: after two thirds of 100 points' goods went back, the
    order keeps floor(33.33) = 33, never more than was earned."""
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 4)])  # 100 goods + 10 shipping
    order_desk.fulfill(order)

    order_desk.refund(order, "36.67")
    order_desk.refund(order, "36.67")

    assert order_reversals(order) == [-34, -33]
    assert balances(member) == (33, 0, 33)


def test_refund_of_the_items_not_shipped_starts_the_return_window(
    customer_api, member, shop, order_placer, order_desk
):
    """Defect: Saleor leaves an order partly fulfilled once its missing items are paid
    back, so its points stayed pending for ever."""
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    mug = shop.add_variant("Mug", "30.00")
    order = order_placer(customer_api, [(shirt, 2), (mug, 1)])  # 80 goods + 10 shipping
    _fulfill_only(order_desk, order, shirt)
    shipped_in_part = balances(member)

    order_desk.refund(order, "30.00")  # the mug, which was never shipped

    # 30 of 90 pays back 26.67 of the goods: the order keeps floor(53.33).
    assert shipped_in_part == (0, 80, 0)
    assert balances(member) == (53, 0, 53)


def test_refund_after_partial_fulfilment_takes_its_share_and_waits_for_the_rest(
    customer_api, member, shop, order_placer, order_desk
):
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    mug = shop.add_variant("Mug", "30.00")
    order = order_placer(customer_api, [(shirt, 2), (mug, 1)])
    _fulfill_only(order_desk, order, shirt)

    order_desk.refund(order, "20.00")  # less than the mug still to ship

    # 20 of 90 pays back 17.78 of the 80 goods: 62.22 kept earns 62, still pending.
    assert balances(member) == (0, 62, 0)
    assert PointsTransaction.objects.get(key=f"earn:{order.pk}").window_ends_at is None


def test_fixed_coupon_values_round_half_up_to_the_currency_unit(customer_user, shop):
    """Defect on Saleor 2.10: Django stored 2.345 as 2.34 (half even)."""
    configure_program(welcomeCoupon="2.345", welcomeCouponMinimumSpend="10.005")

    make_member(customer_user)

    value = host_discounts.voucher_value(Coupon.objects.get(kind="welcome").voucher)
    assert (value.value, value.minimum_spend) == (Decimal("2.35"), Decimal("10.01"))


def test_points_redeemed_for_odd_cents_round_half_up(customer_api, member):
    configure_program(pointValue="0.005")
    credit_points(member, 1001, "bonus:odd")

    result = customer_api.query(
        "mutation { loyaltyRedeemPoints(points: 1001) { coupon { discountValue } errors { code } } }"
    )["loyaltyRedeemPoints"]

    assert Decimal(str(result["coupon"]["discountValue"])) == Decimal("5.01")  # 5.005
