"""Staff member lists: filters, sorting, Relay pagination, constant query counts."""
from datetime import timedelta
from decimal import Decimal

import graphene
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import segments
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import gid
from tests.fixtures.loyalty import credit_points
from tests.fixtures.order_history import CANCELLED, PAID, OrderPlan, create_orders, history_of
from tests.fixtures.users import grant

MEMBERS = """
query($filter: LoyaltyMemberFilterInput, $sortBy: LoyaltyMemberSortingInput,
      $first: Int, $after: String, $last: Int, $before: String) {
  loyaltyMembers(filter: $filter, sortBy: $sortBy, first: $first, after: $after,
                 last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    edges { node {
      id pointsBalance lifetimePoints joinedAt
      user { email firstName lastName }
      tier { name }
      rfm { segment rfmScore recencyDays frequency monetary { amount } computedAt }
    } }
  }
}
"""
MEMBER = """
query($id: ID, $email: String) {
  loyaltyMember(id: $id, email: $email) { user { email } pointsBalance tier { name } }
}
"""


def add_members(count, tier, prefix="member", **member_fields):
    from saleor.account.models import User

    users = User.objects.bulk_create(
        User(email=f"{prefix}-{i}@example.com", first_name="Mia", last_name=f"{prefix.title()}{i}",
             password="")
        for i in range(count)
    )
    return Member.objects.bulk_create(
        Member(user=user, tier=tier, referral_code=f"{prefix[:3].upper()}{i}", **member_fields)
        for i, user in enumerate(users)
    )


def emails(data):
    return [edge["node"]["user"]["email"] for edge in data["loyaltyMembers"]["edges"]]


def test_a_page_of_members_costs_the_same_queries_for_5_or_50_members(manage_users_api, entry_tier):
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, threshold=Decimal(1000))
    variables = {
        "first": 50,
        "filter": {"tier": gid("LoyaltyTier", gold), "segment": "NEW", "search": "mia"},
    }

    def page_queries(count, prefix):
        add_members(count, gold, prefix=prefix)
        segments.compute_segments(load_program(), timezone.now())
        manage_users_api.query(MEMBERS, variables)  # warm: permissions, token user
        with CaptureQueriesContext(connection) as queries:
            data = manage_users_api.query(MEMBERS, variables)
        return len(queries), data

    few, few_data = page_queries(5, "few")
    many, many_data = page_queries(45, "many")

    assert few_data["loyaltyMembers"]["totalCount"] == 5
    assert many_data["loyaltyMembers"]["totalCount"] == 50
    assert len(many_data["loyaltyMembers"]["edges"]) == 50
    assert many == few


def test_members_are_filtered_by_tier_points_search_and_join_date(manage_users_api, entry_tier):
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, threshold=Decimal(1000))
    now = timezone.now()
    old = add_members(3, entry_tier, prefix="old", joined_at=now - timedelta(days=40))
    add_members(2, gold, prefix="rich")

    by_tier = manage_users_api.query(MEMBERS, {"first": 10, "filter": {"tier": gid("LoyaltyTier", gold)}})
    by_search = manage_users_api.query(MEMBERS, {"first": 10, "filter": {"search": "Old1"}})
    by_words = manage_users_api.query(MEMBERS, {"first": 10, "filter": {"search": "mia rich0"}})
    by_join = manage_users_api.query(MEMBERS, {
        "first": 10,
        "filter": {"joined": {"lte": str((now - timedelta(days=30)).date())}},
    })
    by_points = manage_users_api.query(MEMBERS, {"first": 10, "filter": {"minPoints": 1}})

    assert sorted(emails(by_tier)) == ["rich-0@example.com", "rich-1@example.com"]
    assert emails(by_search) == ["old-1@example.com"]
    assert emails(by_words) == ["rich-0@example.com"]
    assert sorted(emails(by_join)) == sorted(m.user.email for m in old)
    assert emails(by_points) == []


def test_min_points_keeps_members_with_that_balance(manage_users_api, entry_tier):
    members = add_members(3, entry_tier)
    # Cached balances must match the ledger: give points through the ledger.
    for member, points in zip(members, (50, 100, 150)):
        credit_points(member, points, f"test:{member.pk}", lifetime_days=None)

    data = manage_users_api.query(MEMBERS, {"first": 10, "filter": {"minPoints": 100},
                                            "sortBy": {"field": "POINTS", "direction": "DESC"}})

    assert emails(data) == ["member-2@example.com", "member-1@example.com"]


def _history_for(members):
    return history_of([m.user for m in members])


def test_dormant_days_keeps_members_without_a_paid_order_for_that_long(manage_users_api, entry_tier):
    now = timezone.now()
    recent, old, cancelled_recent, never = add_members(4, entry_tier)
    create_orders(_history_for([recent, old, cancelled_recent]), [
        OrderPlan(0, now - timedelta(days=5), PAID, Decimal(20)),
        OrderPlan(1, now - timedelta(days=100), PAID, Decimal(20)),
        OrderPlan(2, now - timedelta(days=200), PAID, Decimal(20)),
        OrderPlan(2, now - timedelta(days=3), CANCELLED, Decimal(20)),
    ])

    data = manage_users_api.query(MEMBERS, {"first": 10, "filter": {"dormantDays": 60}})

    assert sorted(emails(data)) == sorted(
        m.user.email for m in (old, cancelled_recent, never)
    )


def test_members_sort_by_last_paid_order_and_page_with_cursors(manage_users_api, entry_tier):
    now = timezone.now()
    members = add_members(4, entry_tier)
    create_orders(_history_for(members), [
        OrderPlan(0, now - timedelta(days=3), PAID, Decimal(20)),
        OrderPlan(1, now - timedelta(days=1), PAID, Decimal(20)),
        OrderPlan(2, now - timedelta(days=9), PAID, Decimal(20)),
        OrderPlan(2, now - timedelta(days=2), CANCELLED, Decimal(20)),
    ])
    sort = {"field": "LAST_ORDER", "direction": "DESC"}

    first = manage_users_api.query(MEMBERS, {"first": 2, "sortBy": sort})
    after = first["loyaltyMembers"]["pageInfo"]["endCursor"]
    second = manage_users_api.query(MEMBERS, {"first": 2, "after": after, "sortBy": sort})
    last = manage_users_api.query(MEMBERS, {"last": 1, "sortBy": sort})

    assert emails(first) == ["member-1@example.com", "member-0@example.com"]
    assert first["loyaltyMembers"]["pageInfo"]["hasNextPage"] is True
    assert emails(second) == ["member-2@example.com", "member-3@example.com"]
    assert second["loyaltyMembers"]["pageInfo"]["hasNextPage"] is False
    assert emails(last) == ["member-3@example.com"]
    assert first["loyaltyMembers"]["totalCount"] == 4


@pytest.mark.parametrize("field", ["POINTS", "LIFETIME_POINTS", "JOINED_AT"])
def test_members_sort_by_each_field_in_both_directions(manage_users_api, entry_tier, field):
    now = timezone.now()
    add_members(3, entry_tier)
    for i, member in enumerate(Member.objects.order_by("pk")):
        Member.objects.filter(pk=member.pk).update(joined_at=now - timedelta(days=i))

    ascending = manage_users_api.query(MEMBERS, {"first": 3, "sortBy": {"field": field, "direction": "ASC"}})
    descending = manage_users_api.query(MEMBERS, {"first": 3, "sortBy": {"field": field, "direction": "DESC"}})

    if field == "JOINED_AT":
        assert emails(ascending) == [f"member-{i}@example.com" for i in (2, 1, 0)]
    assert emails(descending) == list(reversed(emails(ascending)))


def test_rfm_of_a_member_comes_from_the_last_segment_run(manage_users_api, entry_tier):
    now = timezone.now()
    (member,) = add_members(1, entry_tier)
    create_orders(_history_for([member]), [OrderPlan(0, now - timedelta(days=10), PAID, Decimal("20.50"))])
    segments.compute_segments(load_program(), now)

    data = manage_users_api.query(MEMBERS, {"first": 1})

    rfm = data["loyaltyMembers"]["edges"][0]["node"]["rfm"]
    assert rfm["segment"] == "POTENTIAL" and rfm["rfmScore"] == "111"
    assert (rfm["recencyDays"], rfm["frequency"], rfm["monetary"]) == (10, 1, {"amount": 20.5})


def test_a_bad_tier_id_or_negative_number_is_an_error_not_a_crash(manage_users_api, entry_tier):
    bad_tier = manage_users_api.post(MEMBERS, {"first": 1, "filter": {"tier": "nonsense"}})
    negative = manage_users_api.post(MEMBERS, {"first": 1, "filter": {"dormantDays": -1}})

    assert bad_tier["errors"][0]["message"].startswith("Couldn't resolve to a LoyaltyTier")
    assert negative["errors"][0]["message"] == "`dormant_days` is 0 to 1000000."


def test_staff_find_one_member_by_id_or_email(manage_users_api, entry_tier):
    (member,) = add_members(1, entry_tier)
    member_id = graphene.Node.to_global_id("LoyaltyMember", member.pk)

    by_id = manage_users_api.query(MEMBER, {"id": member_id})
    by_email = manage_users_api.query(MEMBER, {"email": " MEMBER-0@example.com "})
    unknown = manage_users_api.query(MEMBER, {"email": "nobody@example.com"})

    expected = {"user": {"email": "member-0@example.com"}, "pointsBalance": 0, "tier": {"name": "Member"}}
    assert by_id["loyaltyMember"] == expected == by_email["loyaltyMember"]
    assert unknown["loyaltyMember"] is None


def test_segment_members_lists_one_segment_with_scores(manage_users_api, entry_tier):
    now = timezone.now()
    buyer, idle = add_members(2, entry_tier)
    Member.objects.filter(pk=idle.pk).update(joined_at=now - timedelta(days=400))
    create_orders(_history_for([buyer]), [OrderPlan(0, now - timedelta(days=2), PAID, Decimal(30))])
    segments.compute_segments(load_program(), now)
    query = """query($segment: LoyaltySegment) { loyaltySegmentMembers(segment: $segment, first: 10) {
        totalCount edges { node { member { user { email } } segment rfmScore recencyDays } } } }"""

    lost = manage_users_api.query(query, {"segment": "LOST"})["loyaltySegmentMembers"]
    everyone = manage_users_api.query(query, {})["loyaltySegmentMembers"]

    assert lost["totalCount"] == 1
    assert lost["edges"][0]["node"] == {
        "member": {"user": {"email": "member-1@example.com"}}, "segment": "LOST",
        "rfmScore": "111", "recencyDays": None,
    }
    assert everyone["totalCount"] == 2


def test_stats_answer_staff_with_manage_orders_or_manage_users(staff_api, staff_user, db):
    query = "{ loyaltyStats(period: {gte: \"2020-01-01T00:00:00+00:00\"}) { members outstandingLiability { amount currency } } }"
    denied = staff_api.post(query)
    grant(staff_user, "manage_orders")

    data = staff_api.query(query)

    assert denied["errors"][0]["message"] == "You do not have permission to perform this action"
    assert data["loyaltyStats"] == {"members": 0, "outstandingLiability": {"amount": 0.0, "currency": "USD"}}


def test_stats_refuse_a_period_that_ends_before_it_starts(manage_users_api):
    query = '{ loyaltyStats(period: {gte: "2021-01-02T00:00:00+00:00", lte: "2021-01-01T00:00:00+00:00"}) { members } }'

    content = manage_users_api.post(query)

    assert content["errors"][0]["message"] == "The period's `gte` must not be after its `lte`."
