"""Campaigns: one gift per member of the audience, whatever happens to the worker."""
from decimal import Decimal

import graphene
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import Coupon, CouponKind
from saleor_loyalty.engagement import campaigns
from saleor_loyalty.engagement.models import Campaign, CampaignGrant
from saleor_loyalty.insight.models import MemberSegment, Segment
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.api import gid
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import create_customer

SEND = """
mutation($input: LoyaltyCampaignInput!) {
  loyaltyCampaignSend(input: $input) {
    campaign { id name status recipients processed tier { name } segment bonusPoints
               couponValue couponValueType couponValidDays }
    errors { field code message }
  }
}
"""
CAMPAIGN = """
query($id: ID!) { loyaltyCampaign(id: $id) { name status recipients processed error } }
"""


@pytest.fixture
def audience(entry_tier, silver_tier, gold_tier):
    """Four Gold members, three Silver, two in the entry tier."""
    members = {}
    for tier, count in ((gold_tier, 4), (silver_tier, 3), (entry_tier, 2)):
        members[tier.slug] = [
            make_member(create_customer(f"{tier.slug}{i}@example.com", first_name=f"M{i}"), tier=tier)
            for i in range(count)
        ]
    return members


def _gifts(campaign):
    """Per member: campaign coupons and campaign ledger rows."""
    return {
        grant.member_id: (
            Coupon.objects.filter(member_id=grant.member_id, kind=CouponKind.CAMPAIGN).count(),
            PointsTransaction.objects.filter(
                member_id=grant.member_id, key=f"campaign:{campaign.pk}:{grant.member_id}"
            ).count(),
        )
        for grant in CampaignGrant.objects.filter(campaign=campaign)
    }


def test_a_campaign_to_a_tier_gives_each_member_one_coupon_and_the_points(
    manage_discounts_api, audience, gold_tier, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_on_commit_callbacks()  # the members' welcome e-mails
    mail.outbox.clear()

    result = manage_discounts_api.query(SEND, {"input": {
        "name": "Gold weekend", "tier": gid("LoyaltyTier", gold_tier), "bonusPoints": 100,
        "couponValue": "10", "couponValueType": "PERCENTAGE", "couponValidDays": 7,
        "message": "Thank you for being Gold.",
    }})["loyaltyCampaignSend"]
    run_on_commit_callbacks()  # the task (eager in tests)
    run_on_commit_callbacks()  # its e-mails

    assert result["errors"] == []
    assert result["campaign"]["recipients"] == 4 and result["campaign"]["tier"] == {"name": "Gold"}
    campaign = Campaign.objects.get()
    assert (campaign.status, campaign.processed) == ("completed", 4)
    gold_ids = {m.pk for m in audience["gold"]}
    assert _gifts(campaign) == {pk: (1, 1) for pk in gold_ids}
    assert set(Coupon.objects.filter(kind=CouponKind.CAMPAIGN).values_list("member_id", flat=True)) == gold_ids
    for member in audience["gold"]:
        member.refresh_from_db()
        assert member.points_balance == 100
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in audience["gold"])
    assert all("Thank you for being Gold." in m.body and "10% off" in m.body for m in mail.outbox)


def test_running_a_campaign_twice_gives_nothing_twice(audience, gold_tier):
    campaign = campaigns.create_campaign(
        {"name": "Twice", "bonus_points": 50, "coupon_value": Decimal(5)}, gold_tier, None, timezone.now()
    )

    campaigns.run_campaign(campaign.pk, load_program(), timezone.now())
    campaigns.run_campaign(campaign.pk, load_program(), timezone.now())
    Campaign.objects.filter(pk=campaign.pk).update(status="running")  # as if retried anyway
    campaigns.run_campaign(campaign.pk, load_program(), timezone.now())

    assert _gifts(campaign) == {m.pk: (1, 1) for m in audience["gold"]}


def test_a_worker_dying_halfway_is_retried_without_giving_twice(audience, gold_tier, monkeypatch):
    campaign = campaigns.create_campaign(
        {"name": "Crash", "bonus_points": 20, "coupon_value": Decimal(5)}, gold_tier, None, timezone.now()
    )
    real_issue, calls = coupons.issue, []

    def dies_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ConnectionError("worker lost")
        return real_issue(*args, **kwargs)

    monkeypatch.setattr(coupons, "issue", dies_on_the_third)
    with pytest.raises(ConnectionError):
        campaigns.run_campaign(campaign.pk, load_program(), timezone.now())
    campaign.refresh_from_db()
    assert (campaign.status, campaign.processed, campaign.error) == ("failed", 2, "worker lost")

    campaigns.run_campaign(campaign.pk, load_program(), timezone.now())  # Celery's retry

    campaign.refresh_from_db()
    assert (campaign.status, campaign.processed) == ("completed", 4)
    assert _gifts(campaign) == {m.pk: (1, 1) for m in audience["gold"]}


def test_a_campaign_to_a_segment_reaches_that_segment_only(audience, manage_discounts_api):
    champions = audience["silver"][:2] + audience["member"][:1]
    for member in audience["silver"] + audience["member"] + audience["gold"]:
        MemberSegment.objects.create(
            member=member, segment=Segment.CHAMPIONS if member in champions else Segment.DORMANT,
            recency_score=5, frequency_score=5, monetary_score=5, frequency=3, monetary=Decimal(90),
        )

    result = manage_discounts_api.query(SEND, {"input": {
        "name": "Champions", "segment": "CHAMPIONS", "bonusPoints": 30,
    }})["loyaltyCampaignSend"]
    run_on_commit_callbacks()

    assert result["campaign"]["recipients"] == 3 and result["campaign"]["segment"] == "CHAMPIONS"
    campaign = Campaign.objects.get()
    assert _gifts(campaign) == {m.pk: (0, 1) for m in champions}


def test_staff_follow_a_campaign_by_its_id(manage_discounts_api, audience, gold_tier):
    campaign = campaigns.create_campaign({"name": "Follow", "bonus_points": 5}, gold_tier, None, timezone.now())
    campaigns.run_campaign(campaign.pk, load_program(), timezone.now())

    shown = manage_discounts_api.query(CAMPAIGN, {"id": gid("LoyaltyCampaign", campaign)})["loyaltyCampaign"]

    assert shown == {"name": "Follow", "status": "COMPLETED", "recipients": 4, "processed": 4,
                     "error": None}


def test_unfinished_campaigns_are_resumed_by_the_command(audience, gold_tier):
    campaign = campaigns.create_campaign({"name": "Later", "bonus_points": 5}, gold_tier, None, timezone.now())

    call_command("loyalty_campaign_run")

    campaign.refresh_from_db()
    assert (campaign.status, campaign.processed) == ("completed", 4)


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"name": ""}, [("name", "REQUIRED")]),
        ({"tier": None}, [("tier", "INVALID")]),
        ({"segment": "CHAMPIONS"}, [("tier", "INVALID")]),
        ({"bonusPoints": None}, [("bonusPoints", "REQUIRED")]),
        ({"bonusPoints": -5}, [("bonusPoints", "INVALID")]),
        ({"couponValue": "0"}, [("couponValue", "INVALID")]),
        ({"couponValue": "150", "couponValueType": "PERCENTAGE"}, [("couponValue", "INVALID")]),
        ({"couponValue": "5", "couponValidDays": 0}, [("couponValidDays", "INVALID")]),
        ({"message": "x" * 2001}, [("message", "INVALID")]),
        ({"tier": graphene.Node.to_global_id("LoyaltyTier", 987654)}, [("tier", "NOT_FOUND")]),
    ],
)
def test_bad_campaigns_are_refused_with_codes(manage_discounts_api, gold_tier, change, expected):
    given = {"name": "Bad", "tier": gid("LoyaltyTier", gold_tier), "bonusPoints": 10, **change}

    errors = manage_discounts_api.query(SEND, {"input": given})["loyaltyCampaignSend"]["errors"]

    assert [(e["field"], e["code"]) for e in errors] == expected
    assert not Campaign.objects.exists()


def test_campaigns_need_manage_discounts(staff_api, customer_api, api_client, gold_tier):
    for api in (staff_api, customer_api, api_client):
        errors = api.query(SEND, {"input": {
            "name": "No", "tier": gid("LoyaltyTier", gold_tier), "bonusPoints": 10,
        }})["loyaltyCampaignSend"]["errors"]
        assert [e["code"] for e in errors] == ["PERMISSION_DENIED"]
    assert not Campaign.objects.exists()

