"""Audiences select exactly the members a hand computation over the shop's history names."""
from datetime import timedelta
from decimal import Decimal

import graphene
import pytest
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import audiences
from saleor_loyalty.insight.audience_filter import AudienceFilter
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import make_member

PREVIEW = """
query($filter: LoyaltyAudienceFilterInput!) {
  loyaltyAudiencePreview(filter: $filter) { count sample(first: 5) { id user { email } } }
}
"""


def _by_hand(history, window_days):
    """Per member: (window orders, window money, lifetime money, last paid order)."""
    since = history.now - timedelta(days=window_days)
    figures = {}
    for index, member in history.members.items():
        paid = [o for o in history.orders if o.customer == index and o.is_paid]
        recent = [o for o in paid if o.created >= since]
        figures[member.pk] = (len(recent), sum((o.kept for o in recent), Decimal(0)),
                              sum((o.kept for o in paid), Decimal(0)),
                              max((o.created for o in paid), default=None))
    return figures


def _aov(orders, money):
    return money / orders if orders else None


CASES = {
    "aov-70-to-90": (dict(window_days=420, aov_min=Decimal(70), aov_max=Decimal(90)),
                     lambda f, now: f[0] and Decimal(70) <= _aov(f[0], f[1]) <= Decimal(90)),
    "3-or-more-orders-in-180-days": (dict(window_days=180, orders_min=3),
                                     lambda f, now: f[0] >= 3),
    "no-orders-in-90-days": (dict(window_days=90, orders_max=0), lambda f, now: f[0] == 0),
    "window-spend-200-to-600": (
        dict(window_days=365, window_spend_min=Decimal(200), window_spend_max=Decimal(600)),
        lambda f, now: Decimal(200) <= f[1] <= Decimal(600)),
    "lifetime-spend-over-800": (dict(lifetime_spend_min=Decimal(800)),
                                lambda f, now: f[2] >= Decimal(800)),
    "dormant-120-days": (dict(days_since_order_min=120),
                         lambda f, now: f[3] is None or f[3] <= now - timedelta(days=120)),
    "ordered-in-last-30-days": (dict(days_since_order_max=30),
                                lambda f, now: f[3] is not None and f[3] >= now - timedelta(days=30)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_behaviour_criterion_selects_exactly_the_members_computed_by_hand(shop_history, case):
    criteria, rule = CASES[case]
    f = AudienceFilter(**criteria)
    figures = _by_hand(shop_history, f.window_days)
    expected = sorted(pk for pk, member_figures in figures.items()
                      if rule(member_figures, shop_history.now))

    selected = audiences.member_ids(f, load_program(), shop_history.now)
    count, sample = audiences.preview(f, load_program(), shop_history.now, first=10)

    assert expected, "the history exercises the criterion"
    assert sorted(selected) == expected
    assert (count, sample) == (len(expected), expected[:10])


def test_criteria_combine_with_and_and_lists_with_or(shop_history):
    tiers = shop_history.tiers
    f = AudienceFilter(tiers=(tiers[1].pk, tiers[2].pk), orders_min=2, window_days=420)
    figures = _by_hand(shop_history, 420)
    expected = sorted(
        member.pk for member in shop_history.members.values()
        if member.tier_id in (tiers[1].pk, tiers[2].pk) and figures[member.pk][0] >= 2)

    assert expected
    assert sorted(audiences.member_ids(f, load_program(), shop_history.now)) == expected


def test_staff_preview_an_audience_through_the_api(shop_history, manage_users_api):
    figures = _by_hand(shop_history, 365)
    expected = sorted(pk for pk, f in figures.items() if f[0] >= 2)

    answer = manage_users_api.query(PREVIEW, {"filter": {"orders": {"gte": 2}}})["loyaltyAudiencePreview"]

    assert answer["count"] == len(expected)
    assert [member["id"] for member in answer["sample"]] == [graphene.Node.to_global_id("LoyaltyMember", pk) for pk in expected[:5]]


@pytest.mark.parametrize("bad_filter, field", [
    ({"orders": {"gte": 5, "lte": 2}}, "orders"),
    ({"windowDays": 0}, "windowDays"),
    ({"averageOrderValue": {"gte": "-1"}}, "averageOrderValue"),
    ({"tags": ["no such tag"]}, "tags"),
])
def test_a_bad_filter_is_refused_with_the_field_named(db, manage_discounts_api, bad_filter, field):
    response = manage_discounts_api.post(PREVIEW, {"filter": bad_filter})

    assert response["data"]["loyaltyAudiencePreview"] is None
    assert field in response["errors"][0]["message"]


def test_buyers_of_a_category_below_it_or_a_product_in_the_window(
        shop, member, customer_api, other_customer, other_customer_api, order_placer,
        manage_users_api):
    other = make_member(other_customer)
    sneakers = shop.add_variant("Sneaker", "60.00", category="sneakers")
    sub = shop.category("sneakers")
    sub.parent = shop.category("shoes")
    sub.save()
    hat = shop.add_variant("Hat", "15.00", category="hats")
    order_placer(customer_api, [(sneakers, 1)])
    order_placer(other_customer_api, [(hat, 2)])
    run_on_commit_callbacks()

    def selected(**criteria):
        return audiences.member_ids(AudienceFilter(**criteria), load_program(), timezone.now())

    shoes = shop.category("shoes").pk
    assert selected(categories=(shoes,)) == [member.pk]
    assert selected(products=(hat.product_id,)) == [other.pk]
    assert sorted(selected(categories=(shoes,), products=(hat.product_id,))) == sorted([member.pk, other.pk])
    # Bought more than a week ago counts only in a window reaching back that far.
    later = timezone.now() + timedelta(days=8)
    assert audiences.member_ids(AudienceFilter(window_days=7, categories=(shoes,)),
                                load_program(), later) == []
    answer = manage_users_api.query(PREVIEW, {"filter": {
        "boughtCategories": [graphene.Node.to_global_id("Category", shoes)]}})
    assert answer["loyaltyAudiencePreview"]["count"] == 1
