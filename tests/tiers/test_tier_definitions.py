import graphene
import pytest

from saleor_loyalty.tiers.models import Tier, TierChange
from tests.fixtures.api import gid
from tests.fixtures.loyalty import make_member

CREATE = """
mutation($input: LoyaltyTierInput!) {
  loyaltyTierCreate(input: $input) {
    tier { name slug rank qualification threshold earnMultiplier discountPercent benefits }
    errors { field code message }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: LoyaltyTierInput!) {
  loyaltyTierUpdate(id: $id, input: $input) { tier { name threshold } errors { field code } }
}
"""
DELETE = "mutation($id: ID!) { loyaltyTierDelete(id: $id) { tier { id name } errors { field code } } }"


def test_staff_creates_a_tier(manage_users_api, entry_tier):
    result = manage_users_api.query(CREATE, {"input": {
        "name": "Gold Club", "rank": 2, "qualification": "ROLLING_SPEND", "threshold": 500,
        "earnMultiplier": 1.5, "discountPercent": 5, "benefits": ["Free shipping"],
    }})["loyaltyTierCreate"]

    assert result == {"tier": {
        "name": "Gold Club", "slug": "gold-club", "rank": 2, "qualification": "ROLLING_SPEND",
        "threshold": 500.0, "earnMultiplier": 1.5, "discountPercent": 5.0, "benefits": ["Free shipping"],
    }, "errors": []}


def test_staff_changes_a_threshold(manage_users_api, silver_tier):
    result = manage_users_api.query(UPDATE, {"id": gid("LoyaltyTier", silver_tier), "input": {"threshold": 800}})["loyaltyTierUpdate"]

    assert result == {"tier": {"name": "Silver", "threshold": 800.0}, "errors": []}


@pytest.mark.parametrize(
    "tier_input, expected",
    [
        ({"name": ""}, [("name", "REQUIRED")]),
        ({"name": "Again", "rank": 0}, [("rank", "DUPLICATE")]),
        ({"name": "Member", "threshold": 10}, [("slug", "DUPLICATE")]),
        ({"name": "Low", "rank": 5, "threshold": 0}, [("threshold", "INVALID")]),
        ({"name": "X", "rank": -1, "threshold": 10}, [("rank", "INVALID")]),
        ({"name": "X", "earnMultiplier": 0}, [("earnMultiplier", "INVALID")]),
        ({"name": "X", "earnMultiplier": 1000}, [("earnMultiplier", "INVALID")]),
        ({"name": "X", "discountPercent": 101}, [("discountPercent", "INVALID")]),
        ({"name": "X", "threshold": -5}, [("threshold", "INVALID")]),
        ({"name": "X", "benefits": [""]}, [("benefits", "INVALID")]),
    ],
)
def test_bad_tiers_are_refused_with_codes(manage_users_api, entry_tier, tier_input, expected):
    result = manage_users_api.query(CREATE, {"input": tier_input})["loyaltyTierCreate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == expected
    assert list(Tier.objects.values_list("slug", flat=True)) == ["member"]


def test_deleting_a_tier_moves_its_members_to_the_next_lower_tier(manage_users_api, entry_tier, customer_user):
    gold = Tier.objects.create(name="Gold", slug="gold", rank=2, threshold=2000)
    member = make_member(customer_user, tier=gold)

    result = manage_users_api.query(DELETE, {"id": gid("LoyaltyTier", gold)})["loyaltyTierDelete"]

    assert result == {"tier": {"id": gid("LoyaltyTier", gold), "name": "Gold"}, "errors": []}
    member.refresh_from_db()
    assert member.tier == entry_tier
    assert TierChange.objects.filter(member=member, reason="tier_removed").count() == 1


def test_the_only_tier_with_members_cannot_be_deleted(manage_users_api, entry_tier, customer_user):
    make_member(customer_user)

    result = manage_users_api.query(DELETE, {"id": gid("LoyaltyTier", entry_tier)})["loyaltyTierDelete"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "INVALID")]
    assert Tier.objects.count() == 1


@pytest.mark.parametrize("bad_id", [graphene.Node.to_global_id("LoyaltyTier", 9999), graphene.Node.to_global_id("Product", 1), "x"])
def test_unknown_or_foreign_tier_ids_answer_not_found(manage_users_api, entry_tier, bad_id):
    result = manage_users_api.query(DELETE, {"id": bad_id})["loyaltyTierDelete"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "NOT_FOUND")]
    assert Tier.objects.count() == 1


def test_customers_and_staff_without_permission_cannot_manage_tiers(customer_api, staff_api, entry_tier):
    for api in (customer_api, staff_api):
        result = api.query(CREATE, {"input": {"name": "Sneaky"}})["loyaltyTierCreate"]
        assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert Tier.objects.count() == 1
