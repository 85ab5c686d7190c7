import graphene
import pytest

from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.api import gid
from tests.fixtures.loyalty import credit_points, ledger_state, make_member

ADJUST = """
mutation($member: ID!, $points: Int!, $reason: String!, $key: String) {
  loyaltyPointsAdjust(member: $member, points: $points, reason: $reason, idempotencyKey: $key) {
    member { pointsBalance lifetimePoints }
    transaction { kind status points reason }
    errors { field code message }
  }
}
"""


def test_staff_adds_points_with_a_reason_and_is_recorded(manage_users_api, member, staff_user):
    result = manage_users_api.query(ADJUST, {"member": gid("LoyaltyMember", member), "points": 250, "reason": "Goodwill"})

    adjust = result["loyaltyPointsAdjust"]
    assert adjust["errors"] == []
    assert adjust["member"] == {"pointsBalance": 250, "lifetimePoints": 250}
    assert adjust["transaction"] == {"kind": "ADJUSTMENT", "status": "AVAILABLE", "points": 250, "reason": "Goodwill"}
    assert PointsTransaction.objects.get().created_by == staff_user


def test_staff_removes_points(manage_users_api, member):
    manage_users_api.query(ADJUST, {"member": gid("LoyaltyMember", member), "points": 250, "reason": "Goodwill"})

    result = manage_users_api.query(ADJUST, {"member": gid("LoyaltyMember", member), "points": -100, "reason": "Correction"})

    assert result["loyaltyPointsAdjust"]["member"]["pointsBalance"] == 150


def test_removing_more_than_the_balance_is_refused(manage_users_api, member):
    manage_users_api.query(ADJUST, {"member": gid("LoyaltyMember", member), "points": 50, "reason": "Goodwill"})
    before = ledger_state(member)

    result = manage_users_api.query(ADJUST, {"member": gid("LoyaltyMember", member), "points": -51, "reason": "Oops"})

    assert [(e["field"], e["code"]) for e in result["loyaltyPointsAdjust"]["errors"]] == [("points", "INSUFFICIENT_POINTS")]
    assert ledger_state(member) == before


@pytest.mark.parametrize(
    "points, reason, expected",
    [
        (0, "Nothing", [("points", "INVALID")]),
        (1_000_000_001, "Too many", [("points", "INVALID")]),
        (-1_000_000_001, "Too many", [("points", "INVALID")]),
        (10, "   ", [("reason", "REQUIRED")]),
        (10, "x" * 256, [("reason", "INVALID")]),
        (10, "Key too long", [("idempotencyKey", "INVALID")]),
    ],
)
def test_bad_adjustments_are_refused_with_codes(manage_users_api, member, points, reason, expected):
    key = "k" * 151 if reason == "Key too long" else None
    result = manage_users_api.query(
        ADJUST, {"member": gid("LoyaltyMember", member), "points": points, "reason": reason, "key": key}
    )

    assert [(e["field"], e["code"]) for e in result["loyaltyPointsAdjust"]["errors"]] == expected
    assert PointsTransaction.objects.count() == 0


@pytest.mark.parametrize(
    "member_id",
    [
        graphene.Node.to_global_id("LoyaltyMember", 987654),
        graphene.Node.to_global_id("Product", 1),
        "not-an-id",
    ],
)
def test_unknown_or_foreign_member_ids_answer_not_found(manage_users_api, member, member_id):
    result = manage_users_api.query(ADJUST, {"member": member_id, "points": 10, "reason": "x"})

    assert [(e["field"], e["code"]) for e in result["loyaltyPointsAdjust"]["errors"]] == [("member", "NOT_FOUND")]


def test_customers_and_staff_without_manage_users_cannot_adjust(customer_api, staff_api, member):
    for api in (customer_api, staff_api):
        result = api.query(ADJUST, {"member": gid("LoyaltyMember", member), "points": 10, "reason": "x"})
        assert [e["code"] for e in result["loyaltyPointsAdjust"]["errors"]] == ["PERMISSION_DENIED"]
    assert PointsTransaction.objects.count() == 0


def test_the_same_idempotency_key_adjusts_once(manage_users_api, member):
    variables = {"member": gid("LoyaltyMember", member), "points": 40, "reason": "Retry-safe", "key": "ticket-77"}

    first = manage_users_api.query(ADJUST, variables)["loyaltyPointsAdjust"]
    second = manage_users_api.query(ADJUST, variables)["loyaltyPointsAdjust"]

    assert first["member"]["pointsBalance"] == second["member"]["pointsBalance"] == 40
    assert PointsTransaction.objects.count() == 1


def test_the_same_idempotency_key_for_a_second_member_adjusts_the_second_member(manage_users_api, member, other_customer):
    other = make_member(other_customer)
    first = manage_users_api.query(
        ADJUST, {"member": gid("LoyaltyMember", member), "points": 40, "reason": "Ticket", "key": "ticket-78"}
    )["loyaltyPointsAdjust"]

    second = manage_users_api.query(
        ADJUST, {"member": gid("LoyaltyMember", other), "points": 25, "reason": "Ticket", "key": "ticket-78"}
    )["loyaltyPointsAdjust"]

    assert first["errors"] == second["errors"] == []
    assert second["member"]["pointsBalance"] == 25
    assert second["transaction"]["points"] == 25
    assert ledger_state(other)[1] == (25, 0, 25, 0)
    assert ledger_state(member)[1] == (40, 0, 40, 0)


def test_a_key_sent_before_keys_were_scoped_to_the_member_still_adjusts_once(manage_users_api, member, other_customer):
    other = make_member(other_customer)
    # A row written by the earlier release, whose keys were `adjust:<key>` for every member.
    credit_points(member, 40, key="adjust:ticket-79", reason="Ticket")
    variables = {"member": gid("LoyaltyMember", member), "points": 40, "reason": "Ticket", "key": "ticket-79"}

    retried = manage_users_api.query(ADJUST, variables)["loyaltyPointsAdjust"]
    for_other = manage_users_api.query(ADJUST, dict(variables, member=gid("LoyaltyMember", other)))["loyaltyPointsAdjust"]

    assert retried["errors"] == [] and retried["member"]["pointsBalance"] == 40
    assert PointsTransaction.objects.filter(member=member).count() == 1
    assert for_other["errors"] == [] and for_other["member"]["pointsBalance"] == 40
    assert PointsTransaction.objects.filter(member=other).count() == 1
