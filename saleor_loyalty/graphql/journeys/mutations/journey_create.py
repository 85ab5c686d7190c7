import graphene
from django.utils import timezone

from saleor_loyalty.engagement import journeys
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.journeys.inputs import LoyaltyJourneyInput, journey_data
from saleor_loyalty.graphql.journeys.resolvers import JOURNEY_STAFF
from saleor_loyalty.graphql.journeys.types import LoyaltyJourney


class LoyaltyJourneyCreate(LoyaltyMutation):
    journey = graphene.Field(LoyaltyJourney)

    class Arguments:
        input = LoyaltyJourneyInput(required=True)

    class Meta:
        description = (
            "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): a new member journey. It acts on "
            "occasions due from now on (a state such as nearing a tier: from now as it holds)."
        )
        permissions = JOURNEY_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, input):
        journey = journeys.create_journey(journey_data(input), timezone.now())
        return cls(journey=journey, errors=[])
