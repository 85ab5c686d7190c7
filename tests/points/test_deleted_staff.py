"""A staff user who adjusted points is deleted through Saleor's `staffDelete`: the
adjustment stays in the member's ledger, without the person who made it."""
from saleor.account.models import User

from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.users import PASSWORD, create_customer, grant

ADJUST = """
mutation($member: ID!, $points: Int!, $reason: String!) {
  loyaltyPointsAdjust(member: $member, points: $points, reason: $reason) {
    errors { field code message }
  }
}
"""
STAFF_DELETE = """
mutation($id: ID!) { staffDelete(id: $id) { staffErrors { field code message } } }
"""
HISTORY = """
query($id: ID!) { loyaltyMember(id: $id) {
  pointsBalance transactions(first: 5) { edges { node { kind points reason } } } } }
"""
MY_HISTORY = "{ me { loyalty { pointsBalance transactions(first: 5) { edges { node { kind points reason } } } } } }"


def test_deleting_a_staff_user_who_adjusted_points_keeps_the_adjustment(
    member, manage_users_api, staff_user, customer_api
):
    # given points adjusted by a staff user
    result = manage_users_api.query(ADJUST, {"member": gid("LoyaltyMember", member),
                                             "points": 250, "reason": "Goodwill"})
    assert result["loyaltyPointsAdjust"]["errors"] == []

    # when another staff user deletes them in the dashboard
    admin = grant(create_customer("admin@example.com", is_staff=True), "manage_staff", "manage_users")
    admin_api = ApiClient().login(admin.email, PASSWORD)
    deleted = admin_api.query(STAFF_DELETE, {"id": gid("User", staff_user)})["staffDelete"]

    # then the adjustment stays, without its author
    assert deleted["staffErrors"] == []
    assert not User.objects.filter(pk=staff_user.pk).exists()
    row = PointsTransaction.objects.get(kind="adjustment")
    assert (row.points, row.reason, row.created_by_id) == (250, "Goodwill", None)
    expected = {"pointsBalance": 250, "transactions": {"edges": [
        {"node": {"kind": "ADJUSTMENT", "points": 250, "reason": "Goodwill"}}]}}
    assert admin_api.query(HISTORY, {"id": gid("LoyaltyMember", member)})["loyaltyMember"] == expected
    assert customer_api.query(MY_HISTORY)["me"]["loyalty"] == expected
