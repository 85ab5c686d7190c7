"""Member tags: by hand, by rule every night, and as a filter of lists and audiences."""
from datetime import timedelta
from decimal import Decimal

import graphene
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import audiences, tags
from saleor_loyalty.insight import tasks as insight_tasks
from saleor_loyalty.insight.audience_filter import AudienceFilter
from saleor_loyalty.insight.models import MemberTag, Tag, TagSource

CREATE = """
mutation($input: LoyaltyTagInput!) { loyaltyTagCreate(input: $input) {
  tag { id name memberCount rule { lifetimeSpend { gte } } } errors { field code message } } }
"""
TAG = """
mutation($tag: ID!, $members: [ID!], $audience: LoyaltyAudienceFilterInput) {
  loyaltyMembersTag(tag: $tag, members: $members, audience: $audience) {
    count tag { memberCount } errors { field code } } }
"""
UNTAG = """
mutation($tag: ID!, $members: [ID!]) {
  loyaltyMembersUntag(tag: $tag, members: $members) { count errors { field code } } }
"""
MEMBERS = """
query($tags: [String!]) { loyaltyMembers(first: 100, filter: {tags: $tags}) {
  edges { node { id tags } } } }
"""


def _gid(pk):
    return graphene.Node.to_global_id("LoyaltyMember", pk)


def _spent(history, index):
    return sum((o.kept for o in history.orders if o.customer == index and o.is_paid), Decimal(0))


def test_a_rule_tags_exactly_whom_it_selects_and_keeps_tags_given_by_hand(shop_history, manage_users_api):
    big = {m.pk for i, m in shop_history.members.items() if _spent(shop_history, i) >= 600}
    small = sorted({m.pk for m in shop_history.members.values()} - big)
    assert big and small

    created = manage_users_api.query(CREATE, {"input": {
        "name": "Big spender", "rule": {"lifetimeSpend": {"gte": "600"}}}})["loyaltyTagCreate"]
    tag = Tag.objects.get(name="Big spender")
    manage_users_api.query(TAG, {"tag": created["tag"]["id"], "members": [_gid(small[0])]})

    assert created["errors"] == [] and created["tag"]["memberCount"] == len(big)
    assert created["tag"]["rule"] == {"lifetimeSpend": {"gte": 600.0}}
    rows = dict(MemberTag.objects.filter(tag=tag).values_list("member_id", "source"))
    assert rows == {**{pk: TagSource.RULE for pk in big}, small[0]: TagSource.MANUAL}

    # Nightly, with nobody spending any more: the rule changes nothing, the hand tag stays.
    insight_tasks.compute_segments_task()
    assert dict(MemberTag.objects.filter(tag=tag).values_list("member_id", "source")) == rows

    listed = manage_users_api.query(MEMBERS, {"tags": ["Big spender"]})["loyaltyMembers"]["edges"]
    assert sorted(edge["node"]["id"] for edge in listed) == sorted(_gid(pk) for pk in big | {small[0]})
    assert all(edge["node"]["tags"] == ["Big spender"] for edge in listed)


def test_a_rule_takes_away_only_what_it_gave(shop_history):
    tag = tags.save_tag(None, "Recent", {"days_since_order_max": 30}, has_rule=True)
    program, now = load_program(), shop_history.now
    tags.apply_rule(tag, program, now)
    first = set(MemberTag.objects.filter(tag=tag).values_list("member_id", flat=True))
    by_hand = next(iter(first))
    tags.tag_members(tag, program, now, member_ids=[by_hand])

    tags.apply_rule(tag, program, now + timedelta(days=400))  # a year later nobody is recent

    assert first
    assert list(MemberTag.objects.filter(tag=tag).values_list("member_id", "source")) == [
        (by_hand, TagSource.MANUAL)]


def test_tags_filter_audiences_and_bulk_tagging_from_an_audience(shop_history, manage_discounts_api):
    tag = Tag.objects.create(name="Gold")
    gold = shop_history.tiers[2]
    expected = sorted(m.pk for m in shop_history.members.values() if m.tier_id == gold.pk)

    answer = manage_discounts_api.query(TAG, {
        "tag": graphene.Node.to_global_id("LoyaltyTag", tag.pk),
        "audience": {"tiers": [graphene.Node.to_global_id("LoyaltyTier", gold.pk)]}})

    assert answer["loyaltyMembersTag"]["count"] == len(expected)
    tagged = audiences.member_ids(AudienceFilter(tags=("Gold",)), load_program(), timezone.now())
    assert sorted(tagged) == expected


def test_untagging_and_bad_input(shop_history, manage_users_api):
    tag = Tag.objects.create(name="Wave")
    member = next(iter(shop_history.members.values()))
    tag_id = graphene.Node.to_global_id("LoyaltyTag", tag.pk)
    manage_users_api.query(TAG, {"tag": tag_id, "members": [_gid(member.pk)]})

    removed = manage_users_api.query(UNTAG, {"tag": tag_id, "members": [_gid(member.pk)]})
    neither = manage_users_api.query(TAG, {"tag": tag_id})["loyaltyMembersTag"]
    duplicate = manage_users_api.query(CREATE, {"input": {"name": "Wave"}})["loyaltyTagCreate"]
    bad_rule = manage_users_api.query(CREATE, {"input": {
        "name": "X", "rule": {"orders": {"gte": 3, "lte": 1}}}})["loyaltyTagCreate"]

    assert removed["loyaltyMembersUntag"] == {"count": 1, "errors": []}
    assert neither["errors"] == [{"field": "members", "code": "INVALID"}]
    assert [(e["field"], e["code"]) for e in duplicate["errors"]] == [("name", "DUPLICATE")]
    assert [(e["field"], e["code"]) for e in bad_rule["errors"]] == [("rule.orders", "INVALID")]
    assert not MemberTag.objects.exists()
