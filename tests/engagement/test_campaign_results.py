"""A campaign's holdout and results, against a hand computation over the shop's history."""
import statistics
from datetime import timedelta
from decimal import Decimal

from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement import campaign_results, campaigns
from saleor_loyalty.engagement.models import Campaign, CampaignGrant
from tests.fixtures.api import gid
from tests.fixtures.loyalty import held_out

RESULTS = """
query($id: ID!) { loyaltyCampaign(id: $id) { holdoutPercent holdoutMembers
  results(windowDays: 45) { complete treated { members membersOrdered orders revenue { amount } }
    holdout { members orders revenue { amount } } upliftPerMember { amount }
    upliftLow { amount } upliftHigh { amount } pointsGiven cost { amount currency } roi } } }
"""


def _send(history, days_ago, holdout=25):
    sent_at = history.now - timedelta(days=days_ago)
    tiers = [history.tiers[rank].pk for rank in (0, 1, 2)]
    return campaigns.create_campaign(
        {"name": "Come back", "bonus_points": 10, "holdout_percent": holdout,
         "audience_filter": {"tiers": tiers}}, None, None, sent_at, load_program())


def test_the_holdout_is_chosen_reproducibly_and_gets_nothing(shop_history):
    campaign = _send(shop_history, days_ago=100)
    campaigns.run_campaign(campaign.pk, load_program(), shop_history.now)
    campaigns.run_campaign(campaign.pk, load_program(), shop_history.now)  # re-run

    grants = {g.member_id: g for g in CampaignGrant.objects.filter(campaign=campaign)}
    expected_holdout = {pk for pk in grants if held_out(campaign.pk, pk, 25)}
    assert set(grants) == {m.pk for m in shop_history.members.values()}
    assert {pk for pk, g in grants.items() if g.holdout} == expected_holdout
    assert 0.15 < len(expected_holdout) / len(grants) < 0.35
    assert all(g.points == 0 and g.granted_at is None for g in grants.values() if g.holdout)
    assert all(g.points == 10 for g in grants.values() if not g.holdout)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.processed) == ("completed", len(grants) - len(expected_holdout))


def test_results_compare_treated_and_holdout_as_computed_by_hand(shop_history, manage_discounts_api):
    campaign = _send(shop_history, days_ago=100)
    campaigns.run_campaign(campaign.pk, load_program(), shop_history.now)
    start, end = campaign.created_at, campaign.created_at + timedelta(days=45)
    revenue = {True: [], False: []}
    ordered = {True: 0, False: 0}
    orders = {True: 0, False: 0}
    for index, member in shop_history.members.items():
        mine = [o for o in shop_history.orders
                if o.customer == index and o.is_paid and start <= o.created < end]
        group = held_out(campaign.pk, member.pk, 25)
        revenue[group].append(sum((o.kept for o in mine), Decimal(0)))
        ordered[group] += bool(mine)
        orders[group] += len(mine)
    treated_mean = sum(revenue[False]) / len(revenue[False])
    holdout_mean = sum(revenue[True]) / len(revenue[True])
    error = Decimal("1.96") * (statistics.variance(revenue[False]) / len(revenue[False])
                               + statistics.variance(revenue[True]) / len(revenue[True])).sqrt()
    points_cost = 10 * len(revenue[False]) * load_program().point_value

    answer = manage_discounts_api.query(RESULTS, {"id": gid("LoyaltyCampaign", campaign)})
    results = answer["loyaltyCampaign"]["results"]

    assert answer["loyaltyCampaign"]["holdoutMembers"] == len(revenue[True])
    assert results["complete"] is True
    assert results["treated"] == {
        "members": len(revenue[False]), "membersOrdered": ordered[False], "orders": orders[False],
        "revenue": {"amount": float(sum(revenue[False]))}}
    assert results["holdout"] == {"members": len(revenue[True]), "orders": orders[True],
                                  "revenue": {"amount": float(sum(revenue[True]))}}
    assert orders[False] and orders[True], "the history exercises both groups"
    uplift = treated_mean - holdout_mean
    for field, value in (("upliftPerMember", uplift), ("upliftLow", uplift - error),
                         ("upliftHigh", uplift + error)):
        # Money comes rounded to the cent: within half a cent of the exact figure.
        assert abs(Decimal(str(results[field]["amount"])) - value) <= Decimal("0.005")
    assert results["pointsGiven"] == 10 * len(revenue[False])
    assert Decimal(str(results["cost"]["amount"])) == points_cost
    expected_roi = (uplift * len(revenue[False]) - points_cost) / points_cost
    # The ROI comes rounded to 4 places (rounding again to 3 could land either side).
    assert abs(Decimal(str(results["roi"])) - expected_roi) <= Decimal("0.00005")


def test_an_open_window_counts_up_to_now_and_says_so(shop_history):
    campaign = _send(shop_history, days_ago=10, holdout=0)

    results = campaign_results.campaign_results(campaign, load_program(), shop_history.now, 30)

    assert results.complete is False and results.holdout.members == 0
    assert results.uplift_per_member is None and results.roi is None


def test_a_campaign_refuses_a_holdout_over_half_and_two_audiences(db, manage_discounts_api, gold_tier):
    answer = manage_discounts_api.query("""
      mutation($input: LoyaltyCampaignInput!) { loyaltyCampaignSend(input: $input) {
        campaign { id } errors { field code } } }""", {"input": {
        "name": "Too much", "bonusPoints": 5, "holdoutPercent": 60,
        "tier": gid("LoyaltyTier", gold_tier), "audienceFilter": {"orders": {"gte": 1}}}})

    errors = answer["loyaltyCampaignSend"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {("holdoutPercent", "INVALID"), ("tier", "INVALID")}
    assert not Campaign.objects.exists()
