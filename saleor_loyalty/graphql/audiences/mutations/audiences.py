"""loyaltyAudienceCreate, loyaltyAudienceUpdate and loyaltyAudienceDelete."""
import graphene
from django.db.models import ProtectedError

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.graphql.audiences.filters import LoyaltyAudienceFilterInput, filter_data
from saleor_loyalty.graphql.audiences.types import AUDIENCE_STAFF, LoyaltyAudience
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_instance_or_error
from saleor_loyalty.host.graphql import signed_in_user
from saleor_loyalty.insight import audiences
from saleor_loyalty.insight.models import Audience


class LoyaltyAudienceInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="Unique, at most 100 characters.")
    filter = LoyaltyAudienceFilterInput(required=True)


def get_audience_or_error(global_id: str, field: str) -> Audience:
    return get_instance_or_error(global_id, "LoyaltyAudience", Audience.objects.all(), field)


class LoyaltyAudienceCreate(LoyaltyMutation):
    audience = graphene.Field(LoyaltyAudience)

    class Arguments:
        input = LoyaltyAudienceInput(required=True)

    class Meta:
        description = "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): save an audience filter by name."
        permissions = AUDIENCE_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, info, input):
        audience = audiences.save_audience(None, input["name"], filter_data(input["filter"]),
                                           signed_in_user(info.context))
        return cls(audience=audience, errors=[])


class LoyaltyAudienceUpdate(LoyaltyMutation):
    audience = graphene.Field(LoyaltyAudience)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the LoyaltyAudience.")
        input = LoyaltyAudienceInput(required=True)

    class Meta:
        description = ("Staff (MANAGE_USERS or MANAGE_DISCOUNTS): rename or change a saved "
                       "audience; campaigns already sent keep the filter they were sent with.")
        permissions = AUDIENCE_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, info, id, input):
        audience = audiences.save_audience(get_audience_or_error(id, "id"), input["name"],
                                           filter_data(input["filter"]), None)
        return cls(audience=audience, errors=[])


class LoyaltyAudienceDelete(LoyaltyMutation):
    audience = graphene.Field(LoyaltyAudience, description="The audience as it was.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the LoyaltyAudience.")

    class Meta:
        description = ("Staff (MANAGE_USERS or MANAGE_DISCOUNTS): delete a saved audience; "
                       "refused while a journey aims at it.")
        permissions = AUDIENCE_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, id):
        audience = get_audience_or_error(id, "id")
        pk = audience.pk
        try:
            audience.delete()
        except ProtectedError:
            names = ", ".join(audience.journeys.values_list("name", flat=True))
            raise loyalty_error(LoyaltyErrorCode.INVALID,
                                f"Journeys aim at this audience: {names}.", "id")
        audience.pk = pk
        return cls(audience=audience, errors=[])
