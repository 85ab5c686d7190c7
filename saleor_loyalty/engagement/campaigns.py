"""Campaigns: bonus points and/or a coupon, with a message, for a tier or a segment.

Sending a campaign records its audience at once (one grant row per member, under a
unique constraint) and hands the work to a Celery task. The task gives each pending
grant its gift in its own transaction; the coupon's occasion and the ledger key are
named after the campaign and the member, so a task that runs twice, or is retried
after a worker died halfway, never gives anybody a second gift.
"""
import logging
from datetime import datetime
from typing import Optional

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import Program
from saleor_loyalty.coupons.models import CouponKind
from saleor_loyalty.engagement import gifts
from saleor_loyalty.engagement.models import Campaign, CampaignGrant, CampaignStatus
from saleor_loyalty.insight.models import MemberSegment, Segment
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import tasks as notifications
from saleor_loyalty.points import ledger
from saleor_loyalty.tiers.models import Tier

logger = logging.getLogger(__name__)
BATCH = 200
MAX_MESSAGE = 2000


def _validated(data: dict) -> dict:
    errors = ErrorCollector()
    name = (data.get("name") or "").strip()
    if not name or len(name) > 100:
        errors.add("name", LoyaltyErrorCode.REQUIRED if not name else LoyaltyErrorCode.INVALID,
                   "A campaign needs a name of at most 100 characters.")
    tier, segment = data.get("tier"), data.get("segment")
    if (tier is None) == (not segment):
        errors.add("tier", LoyaltyErrorCode.INVALID, "Send a campaign to one tier or one segment.")
    if segment and segment not in Segment.values:
        errors.add("segment", LoyaltyErrorCode.INVALID, "Unknown segment.")
    gift = gifts.validated_gift(data, errors)
    if not gift["bonus_points"] and gift["coupon_value"] is None:
        errors.add("bonusPoints", LoyaltyErrorCode.REQUIRED,
                   "Give bonus points, a coupon, or both.")
    message = (data.get("message") or "").strip()
    if len(message) > MAX_MESSAGE:
        errors.add("message", LoyaltyErrorCode.INVALID,
                   f"The message is at most {MAX_MESSAGE} characters.")
    errors.raise_if_any()
    return {"name": name, "tier": tier, "segment": segment or "", "message": message, **gift}


def _record_audience(campaign: Campaign) -> int:
    """One grant per member of the campaign's tier or segment, now (set-based)."""
    if campaign.tier_id is not None:
        audience = f"SELECT id FROM {Member._meta.db_table} WHERE tier_id = %(tier)s"
    else:
        audience = (
            f"SELECT member_id FROM {MemberSegment._meta.db_table} WHERE segment = %(segment)s"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {CampaignGrant._meta.db_table} (campaign_id, member_id, points)
                SELECT %(campaign)s, audience.id, 0 FROM ({audience}) audience(id)
                ON CONFLICT DO NOTHING""",
            {"campaign": campaign.pk, "tier": campaign.tier_id, "segment": campaign.segment},
        )
        return cursor.rowcount


def create_campaign(data: dict, tier: Optional[Tier], staff_user, now: datetime) -> Campaign:
    """Record a campaign and its audience; the gifts are given by `run_campaign`."""
    values = _validated({**data, "tier": tier})
    with transaction.atomic():
        campaign = Campaign.objects.create(created_by=staff_user, created_at=now, **values)
        campaign.recipients = _record_audience(campaign)
        campaign.save(update_fields=["recipients"])
    return campaign


def _grant(campaign: Campaign, grant: CampaignGrant, program: Program, now: datetime):
    key = f"campaign:{campaign.pk}:{grant.member_id}"
    with transaction.atomic():
        member = ledger.lock_member(grant.member_id)
        grant = CampaignGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.granted_at is not None:
            return
        grant.coupon, grant.points = gifts.give(
            member, key, campaign.name, campaign, CouponKind.CAMPAIGN, program, now)
        grant.granted_at = now
        grant.save(update_fields=["coupon", "points", "granted_at"])
        Campaign.objects.filter(pk=campaign.pk).update(processed=F("processed") + 1)
        notifications.campaign_sent(grant.member_id, campaign.pk,
                                    grant.coupon.pk if grant.coupon else None)


def run_campaign(campaign_id: int, program: Program, now: datetime) -> Campaign:
    """Give every pending grant its gift, batch by batch; safe to run again."""
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.status == CampaignStatus.COMPLETED:
        return campaign
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.RUNNING, error="")
    try:
        while True:
            batch = list(
                CampaignGrant.objects.filter(campaign=campaign, granted_at__isnull=True)
                .order_by("id")[:BATCH]
            )
            if not batch:
                break
            for grant in batch:
                _grant(campaign, grant, program, now)
    except Exception as error:
        Campaign.objects.filter(pk=campaign.pk).update(
            status=CampaignStatus.FAILED, error=str(error)[:500]
        )
        raise
    Campaign.objects.filter(pk=campaign.pk).update(
        status=CampaignStatus.COMPLETED, finished_at=timezone.now()
    )
    campaign.refresh_from_db()
    return campaign
