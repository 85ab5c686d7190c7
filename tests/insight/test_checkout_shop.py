"""A seeded shop of several hundred members whose every order went through Saleor's own
checkout: audiences, percentile tiers and a campaign's results against a computation by
hand from the seed's plan (what each buyer put in their baskets, at the shop's prices).

Every checkout happens now, so the criteria of time (recency, windows reaching back) are
checked over the planned history of tests/fixtures/order_history.py (test_audiences.py).
The shop is built once for the module (300 members, about 90 checkouts) inside a
transaction rolled back after it; each test runs in a savepoint of its own."""
import math
import random
import statistics
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Dict, List

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement import campaign_results, campaigns
from saleor_loyalty.engagement.models import CampaignGrant
from saleor_loyalty.insight import audiences
from saleor_loyalty.insight.audience_filter import AudienceFilter
from saleor_loyalty.insight.models import PaidOrder
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers import qualification
from saleor_loyalty.tiers.models import Tier, TierQualification
from tests.fixtures.api import ApiClient
from tests.fixtures.checkout import place_order
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import held_out, make_member
from tests.fixtures.shop import create_shop
from tests.fixtures.users import PASSWORD, create_customer

MEMBERS = 300
BUYERS = 70
SHIPPING = Decimal("10.00")
# name: (price, category)
CATALOGUE = {"Tee": ("12.00", "apparel"), "Hoodie": ("40.00", "apparel"),
             "Mug": ("25.00", "home"), "Lamp": ("55.00", "home"),
             "Sneaker": ("80.00", "shoes"), "Boot": ("110.00", "shoes")}
HOLDOUT = 10


@dataclass
class SeededShop:
    shop: object  # the Saleor shop (tests/fixtures/shop.py)
    now: object
    members: List[Member]  # members[i] is customer i
    baskets: Dict[int, List[List[tuple]]]  # customer index: [[(name, quantity), ...], ...]
    campaign: object
    orders: Dict[int, list]  # customer index: Saleor's orders

    def totals(self, index) -> List[Decimal]:
        """Each order's money, by hand: the basket at the catalogue's prices and shipping."""
        return [sum((Decimal(CATALOGUE[name][0]) * qty for name, qty in basket), Decimal(0))
                + SHIPPING for basket in self.baskets.get(index, [])]


def _plan(rng: random.Random) -> Dict[int, List[List[tuple]]]:
    names = sorted(CATALOGUE)
    return {
        index: [[(name, rng.randint(1, 2)) for name in sorted(rng.sample(names, rng.randint(1, 2)))]
                for _ in range(rng.choice((1, 1, 2)))]
        for index in sorted(rng.sample(range(MEMBERS), BUYERS))
    }


def _build() -> SeededShop:
    shop = create_shop(shipping_price=str(SHIPPING))
    variants = {name: shop.add_variant(name, price, category=category)
                for name, (price, category) in CATALOGUE.items()}
    Tier.objects.create(name="Member", slug="member", rank=0)
    for name, rank, share in (("Silver", 1, 20), ("Gold", 2, 4)):
        Tier.objects.create(name=name, slug=name.lower(), rank=rank, top_percent=Decimal(share),
                            qualification=TierQualification.ROLLING_SPEND)
    members = [make_member(create_customer(f"seeded-{i:03d}@example.com")) for i in range(MEMBERS)]
    program = load_program()
    campaign = campaigns.create_campaign(
        {"name": "Seeded", "bonus_points": 10, "holdout_percent": HOLDOUT,
         "audience_filter": {"tiers": [members[0].tier_id]}},
        None, None, timezone.now() - timedelta(minutes=1), program)
    campaigns.run_campaign(campaign.pk, program, timezone.now())
    baskets = _plan(random.Random(20261202))
    orders = {}
    for index, customer_baskets in baskets.items():
        email = members[index].user.email
        api = ApiClient().login(email, PASSWORD)
        orders[index] = [place_order(api, shop, [(variants[name], qty) for name, qty in basket],
                                     email=email) for basket in customer_baskets]
        run_on_commit_callbacks()
    now = timezone.now()
    qualification.review_tiers(load_program(), now)
    return SeededShop(shop, now, members, baskets, campaign, orders)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def shop(seeded, db):
    return seeded


def test_every_order_went_through_the_checkout_at_the_plans_money(shop):
    placed = {index: [o.total_gross_amount for o in orders] for index, orders in shop.orders.items()}

    assert placed == {index: shop.totals(index) for index in shop.baskets}
    assert PaidOrder.objects.filter(member_id__isnull=False).count() == sum(map(len, placed.values()))
    assert len(shop.members) == MEMBERS and sum(map(len, placed.values())) >= BUYERS


CASES = {
    "aov-70-to-90": (dict(window_days=30, aov_min=Decimal(70), aov_max=Decimal(90)),
                     lambda t: t and Decimal(70) <= sum(t) / len(t) <= Decimal(90)),
    "2-or-more-orders": (dict(window_days=30, orders_min=2), lambda t: len(t) >= 2),
    "no-orders": (dict(window_days=30, orders_max=0), lambda t: not t),
    "lifetime-spend-150-or-more": (dict(lifetime_spend_min=Decimal(150)),
                                   lambda t: sum(t, Decimal(0)) >= 150),
    "window-spend-50-to-120": (dict(window_days=30, window_spend_min=Decimal(50),
                                    window_spend_max=Decimal(120)),
                               lambda t: Decimal(50) <= sum(t, Decimal(0)) <= Decimal(120)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_audience_holds_exactly_the_members_the_baskets_say(shop, case):
    criteria, rule = CASES[case]
    expected = sorted(m.pk for i, m in enumerate(shop.members) if rule(shop.totals(i)))

    assert expected, "the seed exercises the criterion"
    assert sorted(audiences.member_ids(AudienceFilter(**criteria), load_program(), shop.now)) == expected


def test_buyers_of_a_category_are_those_whose_baskets_held_it(shop):
    shoes = shop.shop.category("shoes").pk
    expected = sorted(m.pk for i, m in enumerate(shop.members)
                      if any(CATALOGUE[name][1] == "shoes"
                             for basket in shop.baskets.get(i, []) for name, _qty in basket))

    selected = audiences.member_ids(AudienceFilter(window_days=30, categories=(shoes,)),
                                    load_program(), shop.now)

    assert expected and sorted(selected) == expected


def test_percentile_tiers_rank_members_by_what_they_spent_at_the_checkout(shop):
    ranked = sorted(range(MEMBERS),
                    key=lambda i: (-sum(shop.totals(i), Decimal(0)), shop.members[i].pk))
    gold, silver = math.ceil(MEMBERS * 4 / 100), math.ceil(MEMBERS * 20 / 100)
    expected = {shop.members[i].pk: "gold" if position < gold else
                "silver" if position < silver else "member"
                for position, i in enumerate(ranked)}

    assigned = dict(Member.objects.filter(pk__in=list(expected)).values_list("pk", "tier__slug"))

    assert assigned == expected


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) < Decimal("0.000001")


def test_campaign_results_compare_treated_and_holdout_as_computed_by_hand(shop):
    campaign = shop.campaign
    campaigns.run_campaign(campaign.pk, load_program(), shop.now)  # a re-run changes nothing
    held = {m.pk for m in shop.members if held_out(campaign.pk, m.pk, HOLDOUT)}
    revenue, ordered, orders = {True: [], False: []}, {True: 0, False: 0}, {True: 0, False: 0}
    for index, member in enumerate(shop.members):
        totals, group = shop.totals(index), member.pk in held
        revenue[group].append(sum(totals, Decimal(0)))
        ordered[group] += bool(totals)
        orders[group] += len(totals)
    uplift = (sum(revenue[False]) / len(revenue[False])) - (sum(revenue[True]) / len(revenue[True]))
    error = Decimal("1.96") * (statistics.variance(revenue[False]) / len(revenue[False])
                               + statistics.variance(revenue[True]) / len(revenue[True])).sqrt()

    grants = dict(CampaignGrant.objects.filter(campaign=campaign).values_list("member_id", "holdout"))
    results = campaign_results.campaign_results(campaign, load_program(), shop.now, 30)

    assert {pk for pk, holdout in grants.items() if holdout} == held
    assert set(grants) == {m.pk for m in shop.members}
    for group, figures in ((False, results.treated), (True, results.holdout)):
        assert (figures.members, figures.members_ordered, figures.orders, figures.revenue) == (
            len(revenue[group]), ordered[group], orders[group], sum(revenue[group]))
    assert orders[True] and orders[False], "the seed exercises both groups"
    assert _close(results.uplift_per_member, uplift)
    assert _close(results.uplift_low, uplift - error) and _close(results.uplift_high, uplift + error)
