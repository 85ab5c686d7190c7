import graphene

from saleor_loyalty.engagement import journeys
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.journeys.resolvers import JOURNEY_STAFF, get_journey_or_error
from saleor_loyalty.graphql.journeys.types import LoyaltyJourney


class LoyaltyJourneyDelete(LoyaltyMutation):
    journey = graphene.Field(LoyaltyJourney, description="The journey as it was.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the LoyaltyJourney.")

    class Meta:
        description = (
            "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): delete a journey with its record of "
            "what it sent (to stop it and keep the record, update it with `active: false`)."
        )
        permissions = JOURNEY_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, id):
        journey = get_journey_or_error(id, "id")
        pk = journey.pk
        journeys.delete_journey(journey)
        journey.pk = pk
        return cls(journey=journey, errors=[])
