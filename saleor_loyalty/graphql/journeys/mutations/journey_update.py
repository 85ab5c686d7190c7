import graphene
from django.utils import timezone

from saleor_loyalty.engagement import journeys
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.journeys.inputs import LoyaltyJourneyInput, journey_data
from saleor_loyalty.graphql.journeys.resolvers import JOURNEY_STAFF, get_journey_or_error
from saleor_loyalty.graphql.journeys.types import LoyaltyJourney


class LoyaltyJourneyUpdate(LoyaltyMutation):
    journey = graphene.Field(LoyaltyJourney)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the LoyaltyJourney.")
        input = LoyaltyJourneyInput(required=True)

    class Meta:
        description = (
            "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): replace a journey's settings and "
            "steps (matched by position: a kept step is never sent twice to anybody); "
            "`active: false` pauses it, and resuming skips what was due while paused."
        )
        permissions = JOURNEY_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, id, input):
        journey = get_journey_or_error(id, "id")
        journey = journeys.update_journey(journey, journey_data(input), timezone.now())
        return cls(journey=journey, errors=[])
