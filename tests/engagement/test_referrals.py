"""Referral: the referrer earns when the referee's first order becomes available."""
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.loyalty import configure_program, ledger_state

JOIN = """
mutation($input: LoyaltyJoinInput) {
  loyaltyJoin(input: $input) { member { referralCode } errors { field code message } }
}
"""
APPLY = """
mutation($code: String!) {
  loyaltyReferralCodeApply(referralCode: $code) { member { id } errors { field code message } }
}
"""


def join(api, code=None):
    variables = {"input": {"referralCode": code}} if code else {}
    return api.query(JOIN, variables)["loyaltyJoin"]


@pytest.fixture
def referrer_api(other_customer_api, entry_tier):
    return other_customer_api


@pytest.fixture
def referrer_code(referrer_api):
    return join(referrer_api)["member"]["referralCode"]


@pytest.fixture
def referrer(referrer_code):
    return Member.objects.get(referral_code=referrer_code)


@pytest.fixture
def referee(customer_api, referrer_code):
    assert join(customer_api, referrer_code)["errors"] == []
    return Member.objects.get(user__email="customer@example.com")


@pytest.fixture
def shirt(shop):
    return shop.add_variant("Shirt", "40.00")


def referral_rows(member):
    return list(PointsTransaction.objects.filter(member=member, key__startswith="referral:")
                .order_by("id").values_list("kind", "points"))


def test_referrer_is_rewarded_only_when_the_first_order_becomes_available(
    customer_api, referrer, referee, shirt, order_placer, order_desk
):
    order = order_placer(customer_api, [(shirt, 1)])
    order_desk.fulfill(order)
    assert referral_rows(referrer) == []  # pending through the 14-day return window

    with freeze_time(timezone.now() + timedelta(days=15)):
        points_tasks.release_due_points_task()
        points_tasks.release_due_points_task()

    assert referral_rows(referrer) == [("referral", 200)]
    referrer.refresh_from_db()
    assert referrer.points_balance == 200
    # a second order earns the referrer nothing more
    second = order_placer(customer_api, [(shirt, 1)])
    order_desk.fulfill(second)
    with freeze_time(timezone.now() + timedelta(days=30)):
        points_tasks.release_due_points_task()
    assert referral_rows(referrer) == [("referral", 200)]


def test_reward_comes_at_fulfilment_without_a_return_window_and_goes_on_cancellation(
    customer_api, referrer, referee, shirt, order_placer, order_desk
):
    configure_program(returnWindowDays="0")
    order = order_placer(customer_api, [(shirt, 1)])
    fulfillment_id = order_desk.fulfill(order)
    assert referral_rows(referrer) == [("referral", 200)]

    # Saleor cancels a fulfilled order only after its fulfilment is cancelled
    order_desk.cancel_fulfillment(fulfillment_id)
    order_desk.cancel(order)

    assert referral_rows(referrer) == [("referral", 200), ("reversal", -200)]
    referrer.refresh_from_db()
    assert referrer.points_balance == 0


def test_percent_reward_is_a_share_of_the_first_orders_points(
    customer_api, referrer, referee, shirt, order_placer, order_desk
):
    configure_program(returnWindowDays="0", referrerRewardPercent="10")
    order = order_placer(customer_api, [(shirt, 1)])  # earns 40 points

    order_desk.fulfill(order)

    assert referral_rows(referrer) == [("referral", 4)]


def test_a_full_refund_of_the_first_order_takes_the_reward_back(
    customer_api, referrer, referee, shirt, order_placer, order_desk
):
    configure_program(returnWindowDays="0")
    order = order_placer(customer_api, [(shirt, 1)])
    order_desk.fulfill(order)

    order_desk.refund(order, str(order.total_gross_amount))

    assert referral_rows(referrer) == [("referral", 200), ("reversal", -200)]


def test_self_referral_is_refused(customer_api, entry_tier):
    own_code = join(customer_api)["member"]["referralCode"]

    result = customer_api.query(APPLY, {"code": own_code})["loyaltyReferralCodeApply"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("referralCode", "SELF_REFERRAL")]
    assert Member.objects.get().referred_by is None


def test_a_two_member_cycle_is_refused(customer_api, referrer_api, referrer, referee):
    # the referrer, who has not ordered, tries to name the member they referred
    code = referee.referral_code
    before = ledger_state(referrer)

    result = referrer_api.query(APPLY, {"code": code})["loyaltyReferralCodeApply"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("referralCode", "REFERRAL_CYCLE")]
    referrer.refresh_from_db()
    assert referrer.referred_by is None
    assert ledger_state(referrer) == before


def test_a_member_without_orders_can_name_their_referrer_once(customer_api, referrer_code,
                                                              entry_tier):
    join(customer_api)

    first = customer_api.query(APPLY, {"code": referrer_code})["loyaltyReferralCodeApply"]
    second = customer_api.query(APPLY, {"code": referrer_code})["loyaltyReferralCodeApply"]

    assert first["errors"] == []
    assert [e["code"] for e in second["errors"]] == ["INVALID_REFERRAL_CODE"]


def test_a_code_used_after_the_customer_has_ordered_is_refused(
    customer_api, referrer_code, shirt, order_placer
):
    order_placer(customer_api, [(shirt, 1)])

    result = join(customer_api, referrer_code)

    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("referralCode", "INVALID_REFERRAL_CODE")]
    assert not Member.objects.filter(user__email="customer@example.com").exists()


def test_unknown_codes_are_refused(customer_api, entry_tier):
    join(customer_api)

    result = customer_api.query(APPLY, {"code": "NOSUCH22"})["loyaltyReferralCodeApply"]

    assert [e["code"] for e in result["errors"]] == ["INVALID_REFERRAL_CODE"]
