"""Campaigns: bonus points and/or a coupon, with a message, for a tier, a segment or an
audience (insight.audiences), but for a holdout share of it.

Sending a campaign records its audience at once (one grant row per member, under a
unique constraint, the holdout's marked) and hands the work to a Celery task. The task gives each pending
grant its gift in its own transaction; the coupon's occasion and the ledger key are
named after the campaign and the member, so a task that runs twice, or is retried
after a worker died halfway, never gives anybody a second gift.
"""
import hashlib
import logging
from datetime import datetime
from typing import Optional

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import Program, load_program
from saleor_loyalty.coupons.models import CouponKind
from saleor_loyalty.engagement import gifts
from saleor_loyalty.engagement.models import Campaign, CampaignGrant, CampaignStatus
from saleor_loyalty.insight import audiences
from saleor_loyalty.insight.audience_filter import AudienceFilter
from saleor_loyalty.insight.models import Segment
from saleor_loyalty.notifications import tasks as notifications
from saleor_loyalty.points import ledger
from saleor_loyalty.tiers.models import Tier

logger = logging.getLogger(__name__)
BATCH = 200
MAX_MESSAGE = 2000
MAX_HOLDOUT = 50


def _validated(data: dict) -> dict:
    errors = ErrorCollector()
    name = (data.get("name") or "").strip()
    if not name or len(name) > 100:
        errors.add("name", LoyaltyErrorCode.REQUIRED if not name else LoyaltyErrorCode.INVALID,
                   "A campaign needs a name of at most 100 characters.")
    tier, segment = data.get("tier"), data.get("segment")
    audience, audience_filter = audiences.validated_aim(data, errors)
    aims = [tier is not None, bool(segment), audience is not None, audience_filter is not None]
    if sum(aims) != 1:
        errors.add("tier", LoyaltyErrorCode.INVALID,
                   "Send a campaign to one tier, one segment or one audience.")
    if segment and segment not in Segment.values:
        errors.add("segment", LoyaltyErrorCode.INVALID, "Unknown segment.")
    holdout = data.get("holdout_percent") or 0
    if not 0 <= holdout <= MAX_HOLDOUT:
        errors.add("holdoutPercent", LoyaltyErrorCode.INVALID,
                   f"The holdout is 0 to {MAX_HOLDOUT} % of the audience.")
    gift = gifts.validated_gift(data, errors)
    if not gift["bonus_points"] and gift["coupon_value"] is None:
        errors.add("bonusPoints", LoyaltyErrorCode.REQUIRED,
                   "Give bonus points, a coupon, or both.")
    message = (data.get("message") or "").strip()
    if len(message) > MAX_MESSAGE:
        errors.add("message", LoyaltyErrorCode.INVALID,
                   f"The message is at most {MAX_MESSAGE} characters.")
    errors.raise_if_any()
    return {"name": name, "tier": tier, "segment": segment or "", "audience": audience,
            "audience_filter": audience_filter, "holdout_percent": holdout, "message": message,
            **gift}


def in_holdout(campaign_id: int, member_id: int, holdout_percent: int) -> bool:
    """Whether a member is in a campaign's holdout: the same answer whenever it is asked
    (the first 32 bits of md5("<campaign>:<member>"), modulo 10,000, below the share)."""
    digest = hashlib.md5(f"{campaign_id}:{member_id}".encode()).hexdigest()
    return int(digest[:8], 16) % 10000 < holdout_percent * 100


# `in_holdout` in SQL, for the member `a.id`.
_HOLDOUT_SQL = ("(('x' || substr(md5(%(campaign)s::text || ':' || a.id::text), 1, 8))"
                "::bit(32)::bigint %% 10000) < %(holdout)s * 100")


def _audience(campaign: Campaign) -> AudienceFilter:
    if campaign.tier_id is not None:
        return AudienceFilter(tiers=(campaign.tier_id,))
    if campaign.segment:
        return AudienceFilter(segments=(campaign.segment,))
    return audiences.stored_filter(campaign.audience_filter)


def _record_audience(campaign: Campaign, program: Program, now: datetime) -> int:
    """One grant per member of the campaign's audience now (set-based), each in the
    holdout or not (`in_holdout`)."""
    sql, params = audiences.audience_sql(_audience(campaign), program, now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {CampaignGrant._meta.db_table} (campaign_id, member_id, points, holdout)
                SELECT %(campaign)s, a.id, 0, {_HOLDOUT_SQL} FROM ({sql}) a(id)
                ON CONFLICT DO NOTHING""",
            {**params, "campaign": campaign.pk, "holdout": campaign.holdout_percent},
        )
        return cursor.rowcount


def create_campaign(data: dict, tier: Optional[Tier], staff_user, now: datetime,
                    program: Optional[Program] = None) -> Campaign:
    """Record a campaign and its audience (a saved audience's filter is copied, so the
    campaign says whom it was for whatever becomes of the audience); the gifts are given
    by `run_campaign`."""
    values = _validated({**data, "tier": tier})
    program = program or load_program()
    if values["audience"] is not None:
        values["audience_filter"] = values["audience"].filter
    with transaction.atomic():
        campaign = Campaign.objects.create(created_by=staff_user, created_at=now, **values)
        campaign.recipients = _record_audience(campaign, program, now)
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
                CampaignGrant.objects.filter(
                    campaign=campaign, granted_at__isnull=True, holdout=False)
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
