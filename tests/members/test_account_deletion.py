"""A customer whose account Saleor deletes: their personal data goes, the merchant's
books (points liability, statistics, the record of paid orders) stay whole and anonymous.

Every deletion goes through Saleor's own mutations: `customerDelete` and
`customerBulkDelete` (staff), `accountDelete` with the token of its confirmation e-mail
(the customer).
"""
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.account.models import User
from saleor.order.models import Order

from saleor_loyalty.coupons import tasks as coupon_tasks
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.insight import paid_orders
from saleor_loyalty.insight import tasks as insight_tasks
from saleor_loyalty.insight.models import MemberSegment, PaidOrder
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.tiers import tasks as tier_tasks
from tests.fixtures.api import gid
from tests.fixtures.checkout import ADD_PROMO_CODE, create_checkout
from tests.fixtures.loyalty import configure_program, credit_points
from tests.fixtures.shop import CHANNEL_ARGUMENT
from tests.fixtures.users import account_deletion_token

REDEEM = """
mutation($points: Int!) {
  loyaltyRedeemPoints(points: $points) { coupon { code } errors { field code message } }
}
"""
CUSTOMER_DELETE = """
mutation($id: ID!) { customerDelete(id: $id) { accountErrors { field code message } } }
"""
CUSTOMER_BULK_DELETE = """
mutation($ids: [ID!]!) {
  customerBulkDelete(ids: $ids) { count accountErrors { field code message } }
}
"""
ACCOUNT_REQUEST_DELETION = """
mutation { accountRequestDeletion(redirectUrl: "http://localhost:3000/delete" %s) {
  accountErrors { field code message } } }
""" % CHANNEL_ARGUMENT
ACCOUNT_DELETE = """
mutation($token: String!) { accountDelete(token: $token) { accountErrors { field code message } } }
"""
STATS = """
{ loyaltyStats { members activeMembers pointsIssued pointsRedeemed pointsExpired
                 outstandingPoints outstandingLiability { amount }
                 memberAverageOrderValue { amount } guestAverageOrderValue { amount }
                 tierDistribution { tier { name } members } } }
"""
MEMBERS = "{ loyaltyMembers(first: 10) { totalCount edges { node { user { email } } } } }"


def _redeem(api, points):
    result = api.query(REDEEM, {"points": points})["loyaltyRedeemPoints"]
    assert result["errors"] == []
    return result["coupon"]["code"]


@pytest.fixture
def history(customer_api, member, shop, order_placer, order_desk):
    """A member whose points were earned, reversed, expired, spent and returned, with a
    coupon still open and an order still pending; returns that coupon's code."""
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    # expired: a lot from 400 days ago
    credit_points(member, 100, "bonus:old", timezone.now() - timedelta(days=400))
    points_tasks.expire_points_task()
    # earned on a real order, then partly reversed by a refund
    order = order_placer(customer_api, [(shirt, 4)])
    order_desk.fulfill(order)
    order_desk.refund(order, "27.50")
    # spent on a code used by an order that was cancelled: the points came back
    credit_points(member, 600, "bonus:gift")
    returned_code = _redeem(customer_api, 500)
    order_desk.cancel(order_placer(customer_api, [(shirt, 1)], promo_code=returned_code))
    # spent on a code still open, and an order still in its return window
    open_code = _redeem(customer_api, 500)
    configure_program(returnWindowDays="14")
    order_placer(customer_api, [(shirt, 1)])
    member.refresh_from_db()
    assert (member.points_balance, member.pending_points) == (175, 25)
    kinds = set(PointsTransaction.objects.filter(member=member).values_list("kind", flat=True))
    assert kinds == {"bonus", "expiry", "earn", "reversal", "redeem"}
    return open_code


def _delete_by_staff(api, customer):
    result = api.post(CUSTOMER_DELETE, {"id": gid("User", customer)})
    return result, (result.get("data") or {}).get("customerDelete")


def _bulk_delete_by_staff(api, customer):
    result = api.post(CUSTOMER_BULK_DELETE, {"ids": [gid("User", customer)]})
    return result, (result.get("data") or {}).get("customerBulkDelete")


def _delete_own_account(customer_api, customer):
    requested = customer_api.query(ACCOUNT_REQUEST_DELETION)["accountRequestDeletion"]
    assert requested["accountErrors"] == []
    # the token the confirmation e-mail carries (made from the account as it is now)
    token = account_deletion_token(User.objects.get(pk=customer.pk))
    result = customer_api.post(ACCOUNT_DELETE, {"token": token})
    return result, (result.get("data") or {}).get("accountDelete")


DELETIONS = {
    "customerDelete": lambda staff, customer_api, customer: _delete_by_staff(staff, customer),
    "customerBulkDelete": lambda staff, customer_api, customer: _bulk_delete_by_staff(staff, customer),
    "accountDelete": lambda staff, customer_api, customer: _delete_own_account(customer_api, customer),
}


@pytest.mark.parametrize("deletion", sorted(DELETIONS))
def test_deleting_a_member_with_a_full_points_history_keeps_the_books_anonymous(
    deletion, history, customer_api, customer_user, member, manage_users_api, other_customer_api, shop
):
    open_code = history
    stats_before = manage_users_api.query(STATS)["loyaltyStats"]
    ledger_before = list(
        PointsTransaction.objects.filter(member=member).order_by("id")
        .values_list("key", "points", "created_at")
    )
    orders = list(Order.objects.filter(user=customer_user).values_list("pk", flat=True))

    # when Saleor deletes the customer
    content, payload = DELETIONS[deletion](manage_users_api, customer_api, customer_user)

    # then Saleor's delete goes through
    assert "errors" not in content, content["errors"]
    assert payload["accountErrors"] == []
    assert not User.objects.filter(pk=customer_user.pk).exists()
    # the membership stays, with nothing left that names the person
    member = Member.objects.get(pk=member.pk)
    assert member.user_id is None
    assert (member.birthday, member.birthday_set_at, member.referral_code) == (None, None, None)
    assert member.erased_at is not None
    assert member.tier_id is None
    # the ledger keeps every row, and its remaining points are forfeited, not left owed
    rows = list(
        PointsTransaction.objects.filter(member=member).order_by("id")
        .values_list("key", "points", "created_at")
    )
    assert rows[:len(ledger_before)] == ledger_before
    assert (member.points_balance, member.pending_points) == (0, 0)
    forfeited = PointsTransaction.objects.filter(member=member, key__startswith="forfeit:")
    assert sum(forfeited.values_list("points", flat=True)) == -(175 + 500)
    assert not PointsTransaction.objects.filter(member=member, status="pending").exists()
    # the open code is withdrawn (its points came back and were forfeited with the rest):
    # nobody can use it now
    coupon = Coupon.objects.get(voucher_id=host_discounts.voucher_id_for_code(open_code))
    assert coupon.points_returned_at is not None
    checkout_id = create_checkout(other_customer_api, [(shop.add_variant("Cap", "20.00"), 1)],
                                  email="other@example.com")
    refused = other_customer_api.query(ADD_PROMO_CODE, {"checkoutId": checkout_id,
                                                        "promoCode": open_code})
    assert [e["code"] for e in refused["checkoutAddPromoCode"]["errors"]] == ["INVALID"]
    # Saleor keeps the orders, anonymous; the paid-order record keeps them as a member's
    assert Order.objects.filter(pk__in=orders, user=None).count() == len(orders)
    assert set(PaidOrder.objects.filter(order_key__in=[str(pk) for pk in orders])
               .values_list("user_id", "member_id")) == {(None, member.pk)}
    # the statistics: what happened stays as it was, but for the 25 pending points that
    # never became the member's (voided, as when an order is cancelled in its window);
    # nothing is owed any more
    stats_after = manage_users_api.query(STATS)["loyaltyStats"]
    assert stats_after["pointsIssued"] == stats_before["pointsIssued"] - 25
    assert stats_after["activeMembers"] == stats_before["activeMembers"] == 1
    assert stats_after["memberAverageOrderValue"] == stats_before["memberAverageOrderValue"]
    assert stats_after["guestAverageOrderValue"] == stats_before["guestAverageOrderValue"]
    assert stats_after["pointsRedeemed"] == stats_before["pointsRedeemed"] - 500
    assert stats_after["pointsExpired"] == stats_before["pointsExpired"] + 175 + 500
    assert (stats_after["outstandingPoints"], stats_after["outstandingLiability"]) == (
        0, {"amount": 0.0})
    assert (stats_before["members"], stats_after["members"]) == (1, 0)
    assert [t["members"] for t in stats_after["tierDistribution"]] == [0]
    # the nightly reconciliation of paid orders leaves them as they are
    paid_orders.reconcile()
    assert manage_users_api.query(STATS)["loyaltyStats"] == stats_after
    # staff lists no longer show the member
    assert manage_users_api.query(MEMBERS)["loyaltyMembers"]["totalCount"] == 0


def test_the_jobs_leave_a_deleted_members_record_alone(
    history, customer_user, member, manage_users_api
):
    assert _delete_by_staff(manage_users_api, customer_user)[1]["accountErrors"] == []
    later = timezone.now() + timedelta(days=400)
    configure_program(returnWindowDays="0", winbackCoupon="5", winbackAfterDays="1",
                      memberDay=str(timezone.localdate(later).day), memberDayCoupon="5")
    rows = PointsTransaction.objects.filter(member=member).count()
    coupons = Coupon.objects.filter(member=member).count()

    # when every periodic job runs, a year later
    with freeze_time(later):
        points_tasks.release_due_points_task()
        points_tasks.expire_points_task()
        coupon_tasks.return_expired_coupon_points_task()
        coupon_tasks.issue_winback_coupons_task()
        coupon_tasks.issue_member_day_coupons_task()
        tier_tasks.review_tiers_task()
        insight_tasks.compute_segments_task()

    # then the anonymous record gets no points, coupons, tier or segment
    member.refresh_from_db()
    assert PointsTransaction.objects.filter(member=member).count() == rows
    assert Coupon.objects.filter(member=member).count() == coupons
    assert (member.points_balance, member.pending_points, member.tier_id) == (0, 0, None)
    assert not MemberSegment.objects.filter(member=member).exists()


def test_a_customer_who_never_joined_is_deleted_as_before(manage_users_api, other_customer):
    content, payload = _delete_by_staff(manage_users_api, other_customer)

    assert "errors" not in content
    assert payload["accountErrors"] == []
    assert not User.objects.filter(pk=other_customer.pk).exists()
