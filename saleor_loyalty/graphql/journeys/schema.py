import graphene

from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.graphql.core.utils import parse_global_id
from saleor_loyalty.graphql.journeys.mutations.journey_create import LoyaltyJourneyCreate
from saleor_loyalty.graphql.journeys.mutations.journey_delete import LoyaltyJourneyDelete
from saleor_loyalty.graphql.journeys.mutations.journey_update import LoyaltyJourneyUpdate
from saleor_loyalty.graphql.journeys.resolvers import JOURNEY_STAFF, journeys_with_steps
from saleor_loyalty.graphql.journeys.types import LoyaltyJourney
from saleor_loyalty.host.graphql import CountableConnectionField


class JourneysQueries(graphene.ObjectType):
    loyalty_journey = graphene.Field(
        LoyaltyJourney,
        id=graphene.ID(required=True, description="ID of the LoyaltyJourney."),
        description="Staff (MANAGE_USERS or MANAGE_DISCOUNTS): one member journey.",
    )
    loyalty_journeys = CountableConnectionField(
        LoyaltyJourney,
        description="Staff (MANAGE_USERS or MANAGE_DISCOUNTS): the member journeys, by name.",
    )

    @staff_required(*JOURNEY_STAFF, any_of=True)
    def resolve_loyalty_journey(self, _info, id):
        pk = parse_global_id(id, "LoyaltyJourney")
        return journeys_with_steps().filter(pk=pk).first() if pk is not None else None

    @staff_required(*JOURNEY_STAFF, any_of=True)
    def resolve_loyalty_journeys(self, _info, **_kwargs):
        return journeys_with_steps()


class JourneysMutations(graphene.ObjectType):
    loyalty_journey_create = LoyaltyJourneyCreate.Field()
    loyalty_journey_update = LoyaltyJourneyUpdate.Field()
    loyalty_journey_delete = LoyaltyJourneyDelete.Field()
