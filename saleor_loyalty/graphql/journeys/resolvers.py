from django.db.models import Count, Prefetch

from saleor_loyalty.engagement.models import Journey, JourneyStep
from saleor_loyalty.graphql.core.utils import get_instance_or_error
from saleor_loyalty.host.permissions import MANAGE_DISCOUNTS, MANAGE_USERS

JOURNEY_STAFF = (MANAGE_USERS, MANAGE_DISCOUNTS)


def journeys_with_steps():
    """Journeys with their steps, each step with how many members it was sent to."""
    steps = JourneyStep.objects.select_related("survey").annotate(sent_count=Count("sends"))
    return Journey.objects.prefetch_related(Prefetch("steps", queryset=steps))


def get_journey_or_error(global_id: str, field: str) -> Journey:
    return get_instance_or_error(global_id, "LoyaltyJourney", Journey.objects.all(), field)
