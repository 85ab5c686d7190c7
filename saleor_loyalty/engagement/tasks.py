"""Celery tasks of the engagement domain: giving a campaign's gifts, running the member
journeys, rewarding completed profiles."""
import logging

from celery import shared_task
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement import campaigns, journey_runs
from saleor_loyalty.members import profile
from saleor_loyalty.notifications.tasks import deliveries_created

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


@shared_task(acks_late=True)
def reward_completed_profiles_task():
    """Nightly: profile points for members who completed their profile through Saleor's
    own account mutations (a second run, or a second worker, gives nothing twice)."""
    return profile.reward_completed_profiles(load_program(), timezone.now())


@shared_task(acks_late=True)
def run_journeys_task():
    """Every quarter of an hour: record the journey steps now due and give them (their
    gifts, their messages); a second run, or a second worker, sends nothing twice."""
    return journey_runs.run_journeys(load_program(), timezone.now(), tell=deliveries_created)
