"""Campaigns: bonus points and/or a coupon, with a message, for a tier or a segment.

Sending a campaign records its audience at once (one grant row per member, under a
unique constraint) and hands the work to a Celery task. The task gives each pending
grant its gift in its own transaction; the coupon's occasion and the ledger key are
named after the campaign and the member, so a task that runs twice, or is retried
after a worker died halfway, never gives anybody a second gift.
"""
import logging
from datetime import datetime
from decimal import Decimal
from typing import Optional

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import Program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import CouponKind
from saleor_loyalty.engagement.models import Campaign, CampaignGrant, CampaignStatus
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.insight.models import MemberSegment, Segment
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import tasks as notifications
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import TransactionKind
from saleor_loyalty.tiers.models import Tier

logger = logging.getLogger(__name__)
BATCH = 200
MAX_BONUS = 10 ** 6
MAX_MESSAGE = 2000
MAX_VALID_DAYS = 3650


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
    bonus = data.get("bonus_points") or 0
    if not 0 <= bonus <= MAX_BONUS:
        errors.add("bonusPoints", LoyaltyErrorCode.INVALID, f"Bonus points are 0 to {MAX_BONUS}.")
    value = data.get("coupon_value")
    value_type = data.get("coupon_value_type") or host_discounts.FIXED
    days = data.get("coupon_valid_days")
    days = 30 if days is None else days
    if value is not None:
        if not Decimal(value).is_finite() or value <= 0 or (
            value_type == host_discounts.PERCENTAGE and value > 100
        ):
            errors.add("couponValue", LoyaltyErrorCode.INVALID,
                       "A coupon is worth more than 0 (and at most 100 percent).")
        if not 1 <= days <= MAX_VALID_DAYS:
            errors.add("couponValidDays", LoyaltyErrorCode.INVALID,
                       f"A coupon is valid for 1 to {MAX_VALID_DAYS} days.")
    if not bonus and value is None:
        errors.add("bonusPoints", LoyaltyErrorCode.REQUIRED,
                   "Give bonus points, a coupon, or both.")
    message = (data.get("message") or "").strip()
    if len(message) > MAX_MESSAGE:
        errors.add("message", LoyaltyErrorCode.INVALID,
                   f"The message is at most {MAX_MESSAGE} characters.")
    errors.raise_if_any()
    return {
        "name": name, "tier": tier, "segment": segment or "", "bonus_points": bonus,
        "coupon_value": value, "coupon_value_type": value_type if value is not None else "",
        "coupon_valid_days": days if value is not None else None, "message": message,
    }


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


def _coupon_terms(campaign: Campaign, now: datetime) -> host_discounts.VoucherTerms:
    return host_discounts.VoucherTerms(
        name=campaign.name,
        value_type=campaign.coupon_value_type,
        value=campaign.coupon_value,
        valid_from=now,
        valid_until=coupons.end_of_day(timezone.localdate(now), campaign.coupon_valid_days),
    )


def _grant(campaign: Campaign, grant: CampaignGrant, program: Program, now: datetime):
    key = f"campaign:{campaign.pk}:{grant.member_id}"
    with transaction.atomic():
        member = ledger.lock_member(grant.member_id)
        grant = CampaignGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.granted_at is not None:
            return
        # A member whose account was deleted since the campaign was sent gets nothing.
        if campaign.coupon_value is not None and member.erased_at is None:
            grant.coupon = coupons.issue(member, CouponKind.CAMPAIGN, key,
                                         _coupon_terms(campaign, now), now)
        if campaign.bonus_points and member.erased_at is None:
            ledger.credit(member, key=key, kind=TransactionKind.BONUS,
                          points=campaign.bonus_points, now=now,
                          lifetime_days=program.points_lifetime_days, reason=campaign.name)
            grant.points = campaign.bonus_points
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
