"""Celery tasks of the engagement domain: giving a campaign's gifts."""
import logging

from celery import shared_task
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement import campaigns

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def run_campaign_task(campaign_id: int):
    """Give a campaign's gifts; a retry (or a second run) skips what was given."""
    campaigns.run_campaign(campaign_id, load_program(), timezone.now())


def start_campaign(campaign_id: int):
    """Queue the campaign's task; a broker that is down leaves it PENDING, not lost."""
    try:
        run_campaign_task.delay(campaign_id)
    except Exception:  # noqa: BLE001 - the campaign is recorded; `loyalty_campaign_run` resumes it
        logger.exception("Could not queue campaign %s", campaign_id)
