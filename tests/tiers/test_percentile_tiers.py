"""Percentile tiers: the top share of members ranked by a measure, ties by member id,
assigned by the review with the grace and history rules of threshold tiers; the
expected assignment is computed here in Python from what the members were given."""
import math
from datetime import timedelta
from decimal import Decimal
from typing import Dict, List, Tuple

import pytest
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.members.erasure import erase
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers import qualification
from saleor_loyalty.tiers.models import Tier, TierChange
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.loyalty import configure_program, credit_points, make_member
from tests.fixtures.users import PASSWORD, create_customer

# 410 members on 41 point values, ten members on each, the values shuffled over member
# ids: every share's cutoff falls inside a group of tied members.
POPULATION = 410
VALUES = 41


def points_of(i: int) -> int:
    return (i * 7919) % VALUES * 75


@pytest.fixture
def pyramid(entry_tier):
    """Everyone in Member; Silver the top 20 %, Gold the top 4 %, Platinum the top 0.8 %
    (of members ranked by lifetime points)."""
    return [entry_tier] + [
        Tier.objects.create(name=name, slug=name.lower(), rank=rank, top_percent=Decimal(share))
        for rank, (name, share) in enumerate([("Silver", "20"), ("Gold", "4"), ("Platinum", "0.8")], 1)
    ]


def join(count: int, prefix: str) -> List[Member]:
    return [make_member(create_customer(f"{prefix}{i}@example.com")) for i in range(count)]


def expected_tiers(measures: Dict[int, Decimal], tiers: List[Tier]) -> Dict[int, str]:
    """Each member's tier: the best one whose share (the first ceil(N × p / 100) members
    sorted by measure descending, then id) holds them and whose threshold they reach."""
    ranking = sorted(measures, key=lambda pk: (-measures[pk], pk))
    result = {}
    for tier in sorted(tiers, key=lambda t: t.rank):
        if tier.top_percent is None:
            inside = set(ranking)
        else:
            inside = set(ranking[:math.ceil(len(ranking) * tier.top_percent / 100)])
        for pk in inside:
            if measures[pk] >= tier.threshold:
                result[pk] = tier.name
    return result


def held_tiers(member_ids) -> Dict[int, str]:
    return dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "tier__name"))


def cutoff(tier: Tier) -> Tuple[Decimal, int]:
    tier.refresh_from_db()
    return tier.share_cutoff, tier.share_cutoff_member


def seeded_members() -> Dict[int, Decimal]:
    """The population with its lifetime points credited through the ledger, and one
    erased member (the most points of all) who ranks nowhere; {member id: points}."""
    members = join(POPULATION, "ranked")
    for i, member in enumerate(members):
        if points_of(i):
            credit_points(member, points_of(i), f"seed:{member.pk}")
    erased = join(1, "erased")[0]
    credit_points(erased, 10_000, "seed:erased")
    erase(erased.pk, timezone.now())
    points = {m.pk: Decimal(points_of(i)) for i, m in enumerate(members)}
    assert dict(Member.objects.filter(erased_at=None).values_list("pk", "lifetime_points")) == points
    return points


@pytest.mark.parametrize("review", ["whole", "in_chunks"])
def test_the_review_gives_each_share_exactly_its_top_members_ties_by_id(pyramid, review):
    points = seeded_members()
    program = load_program()
    now = timezone.now()

    if review == "whole":
        qualification.review_tiers(program, now)
    else:  # a parallel review: its chunks in turn, the first one sets the cutoffs
        ids = sorted(Member.objects.values_list("pk", flat=True))
        half = len(ids) // 2
        for first, last in [(ids[half], ids[-1]), (ids[0], ids[half - 1])]:
            qualification.review_members(program, now, first, last)

    expected = expected_tiers(points, pyramid)
    assert held_tiers(points) == expected
    counts = {name: list(expected.values()).count(name) for name in ("Silver", "Gold", "Platinum")}
    assert counts == {"Silver": 82 - 17, "Gold": 17 - 4, "Platinum": 4}  # ceil(410 × p / 100)
    ranking = sorted(points, key=lambda pk: (-points[pk], pk))
    for tier, position in zip(pyramid[1:], (82, 17, 4)):
        last_inside, first_outside = ranking[position - 1], ranking[position]
        assert points[last_inside] == points[first_outside]  # the cutoff splits a tie
        assert cutoff(tier) == (points[last_inside], last_inside)
        assert tier.share_reviewed_at == now
    upgrades = TierChange.objects.filter(reason="upgrade", created_at=now)
    assert upgrades.count() == 82


def test_a_member_who_falls_out_of_the_share_keeps_the_tier_through_the_grace_period(entry_tier):
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, top_percent=Decimal(10))
    members = join(50, "grace")
    for i, member in enumerate(members):
        credit_points(member, 10 * (i + 1), f"seed:{member.pk}")
    program = configure_program(tierDowngradeGraceDays="30")
    start = timezone.now()
    qualification.review_tiers(program, start)
    fifth, sixth = members[-5], members[-6]  # the last inside the top 5, the first outside
    first_gold = {pk for pk, name in held_tiers([m.pk for m in members]).items() if name == "Gold"}

    credit_points(sixth, 1000, "climb")  # climbs to the top, pushing the fifth out
    qualification.review_tiers(program, start + timedelta(days=1))
    fifth.refresh_from_db()
    graced = (fifth.tier.name, fifth.below_tier_since)
    qualification.review_tiers(program, start + timedelta(days=30))
    fifth.refresh_from_db()
    before_grace_ends = fifth.tier.name
    qualification.review_tiers(program, start + timedelta(days=32))

    fifth.refresh_from_db()
    assert first_gold == {m.pk for m in members[-5:]}
    assert graced == ("Gold", start + timedelta(days=1))
    assert before_grace_ends == "Gold"
    assert fifth.tier == entry_tier
    moves = TierChange.objects.filter(member=fifth).exclude(reason="joined").order_by("created_at")
    assert list(moves.values_list("from_tier__name", "to_tier__name", "reason", "created_at")) == [
        ("Member", "Gold", "upgrade", start),
        ("Gold", "Member", "downgrade", start + timedelta(days=32)),
    ]
    assert held_tiers([m.pk for m in members]) == expected_tiers(
        {m.pk: Decimal(10 * (i + 1) + (1000 if m == sixth else 0)) for i, m in enumerate(members)},
        [entry_tier, gold])


class Shopper:
    """A member with their own signed-in API client, and the orders they paid."""

    def __init__(self, name: str):
        self.user = create_customer(f"{name}@example.com")
        self.member = make_member(self.user)
        self.api = ApiClient().login(self.user.email, PASSWORD)
        self.spent = Decimal(0)

    def order(self, order_placer, variant, quantity: int):
        order = order_placer(self.api, [(variant, quantity)], email=self.user.email)
        self.spent += order.total_gross_amount


def test_orders_between_reviews_move_members_up_against_the_stored_cutoff(entry_tier, shop, order_placer):
    spender = Tier.objects.create(name="Spender", slug="spender", rank=1, qualification="rolling_spend",
                                  threshold=Decimal(1), top_percent=Decimal(25))
    shirt = shop.add_variant("Shirt", "25.00")
    top, tied_first, tied_second, climber, equal = [Shopper(n) for n in ("top", "tied1", "tied2", "climber", "equal")]
    quiet = join(3, "quiet")  # 8 members: the share is the top 2
    top.order(order_placer, shirt, 3)
    tied_first.order(order_placer, shirt, 1)
    tied_second.order(order_placer, shirt, 1)
    never_reviewed = held_tiers([top.member.pk])[top.member.pk]
    program = load_program()
    start = timezone.now()
    qualification.review_tiers(program, start)
    first_review = held_tiers([s.member.pk for s in (top, tied_first, tied_second)])

    climber.order(order_placer, shirt, 2)  # above the cutoff (tied_first's spend): up at once
    equal.order(order_placer, shirt, 1)  # at the cutoff, but a higher id than its member
    between_reviews = held_tiers([climber.member.pk, equal.member.pk])
    qualification.review_tiers(program, start + timedelta(days=1))

    shoppers = (top, tied_first, tied_second, climber, equal)
    spends = {s.member.pk: s.spent for s in shoppers}
    spends.update({m.pk: Decimal(0) for m in quiet})
    assert never_reviewed == "Member"  # no cutoff yet: nobody by share
    assert first_review == {top.member.pk: "Spender", tied_first.member.pk: "Spender",
                            tied_second.member.pk: "Member"}
    assert between_reviews == {climber.member.pk: "Spender", equal.member.pk: "Member"}
    assert cutoff(spender) == (climber.spent, climber.member.pk)
    # the second review's share is top and climber; tied_first falls out into its grace period
    expected = expected_tiers(spends, [entry_tier, spender])
    expected[tied_first.member.pk] = "Spender"
    assert held_tiers(spends) == expected
    tied_first.member.refresh_from_db()
    assert tied_first.member.below_tier_since == start + timedelta(days=1)
    assert TierChange.objects.filter(member=climber.member, reason="upgrade").count() == 1


def test_a_floor_keeps_members_below_the_threshold_out_of_the_share(entry_tier):
    tier = Tier.objects.create(name="Gold", slug="gold", rank=1, top_percent=Decimal(50),
                               threshold=Decimal(100))
    members = join(6, "floor")  # the top 3 by share, but only two reach 100 points
    for member, points in zip(members, (500, 100, 99)):
        credit_points(member, points, f"seed:{member.pk}")

    qualification.review_tiers(load_program(), timezone.now())

    measures = {m.pk: Decimal(p) for m, p in zip(members, (500, 100, 99, 0, 0, 0))}
    assert held_tiers(measures) == expected_tiers(measures, [entry_tier, tier])
    assert list(held_tiers(measures).values()).count("Gold") == 2


TIER_FIELDS = "name topPercent shareCutoff shareReviewedAt"
CREATE = """
mutation($input: LoyaltyTierInput!) {
  loyaltyTierCreate(input: $input) { tier { name topPercent } errors { field code message } }
}
"""
UPDATE = """
mutation($id: ID!, $input: LoyaltyTierInput!) {
  loyaltyTierUpdate(id: $id, input: $input) { tier { %s } errors { field code } }
}
""" % TIER_FIELDS


def test_staff_set_a_share_and_read_its_cutoff(manage_users_api, entry_tier, customer_user):
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, threshold=Decimal(1))
    member = make_member(customer_user)
    credit_points(member, 10, "seed")

    created = manage_users_api.query(CREATE, {"input": {"name": "Platinum", "rank": 2, "topPercent": 0.8}})
    changed = manage_users_api.query(UPDATE, {"id": gid("LoyaltyTier", gold), "input": {"topPercent": 4}})
    qualification.review_tiers(load_program(), timezone.now())
    reviewed = manage_users_api.query("{ loyaltyProgram { tiers { %s } } }" % TIER_FIELDS)
    reset = manage_users_api.query(UPDATE, {"id": gid("LoyaltyTier", gold), "input": {"topPercent": 5}})
    cleared = manage_users_api.query(UPDATE, {"id": gid("LoyaltyTier", gold), "input": {"topPercent": None}})

    assert created["loyaltyTierCreate"] == {"tier": {"name": "Platinum", "topPercent": 0.8}, "errors": []}
    assert changed["loyaltyTierUpdate"]["tier"] == {
        "name": "Gold", "topPercent": 4.0, "shareCutoff": None, "shareReviewedAt": None}
    tiers = {t["name"]: t for t in reviewed["loyaltyProgram"]["tiers"]}
    assert (tiers["Gold"]["shareCutoff"], tiers["Platinum"]["shareCutoff"]) == (10.0, 10.0)
    assert tiers["Gold"]["shareReviewedAt"] and tiers["Member"]["shareCutoff"] is None
    assert reset["loyaltyTierUpdate"]["tier"]["shareCutoff"] is None  # until the next review
    assert cleared["loyaltyTierUpdate"]["tier"]["topPercent"] is None
    gold.refresh_from_db()
    assert (gold.top_percent, gold.share_cutoff, gold.share_reviewed_at) == (None, None, None)


def test_customers_see_the_share_but_not_its_cutoff(customer_api, member):
    Tier.objects.create(name="Gold", slug="gold", rank=1, top_percent=Decimal(4))

    shares = customer_api.query("{ loyaltyProgram { tiers { name topPercent } } }")
    cutoffs = customer_api.post("{ loyaltyProgram { tiers { shareCutoff } } }")

    assert shares["loyaltyProgram"]["tiers"] == [{"name": "Member", "topPercent": None},
                                                 {"name": "Gold", "topPercent": 4.0}]
    assert cutoffs["errors"]


@pytest.mark.parametrize(
    "tier_input, expected",
    [
        ({"topPercent": 0}, [("topPercent", "INVALID")]),
        ({"topPercent": 101}, [("topPercent", "INVALID")]),
        ({"topPercent": -3.2}, [("topPercent", "INVALID")]),
        ({"topPercent": 0.00001}, [("topPercent", "INVALID")]),
        ({"topPercent": 5, "rank": 3}, [("topPercent", "INVALID")]),  # wider than Gold below it
        ({"topPercent": 3, "rank": 1}, [("topPercent", "INVALID")]),  # narrower than Gold above it
    ],
)
def test_bad_shares_are_refused_with_codes(manage_users_api, entry_tier, tier_input, expected):
    Tier.objects.create(name="Gold", slug="gold", rank=2, top_percent=Decimal(4))

    result = manage_users_api.query(CREATE, {"input": {"name": "Platinum", **tier_input}})["loyaltyTierCreate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == expected
    assert list(Tier.objects.values_list("slug", flat=True)) == ["member", "gold"]
