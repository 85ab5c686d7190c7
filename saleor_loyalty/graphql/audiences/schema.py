import graphene
from django.core.exceptions import ValidationError
from django.utils import timezone

from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import load_program
from saleor_loyalty.graphql.audiences.filters import LoyaltyAudienceFilterInput, filter_data
from saleor_loyalty.graphql.audiences.mutations.audiences import (
    LoyaltyAudienceCreate,
    LoyaltyAudienceDelete,
    LoyaltyAudienceUpdate,
)
from saleor_loyalty.graphql.audiences.mutations.tags import (
    LoyaltyMembersTag,
    LoyaltyMembersUntag,
    LoyaltyTagCreate,
    LoyaltyTagDelete,
    LoyaltyTagUpdate,
)
from saleor_loyalty.graphql.audiences.types import (
    AUDIENCE_STAFF,
    LoyaltyAudience,
    LoyaltyAudiencePreview,
    LoyaltyTag,
    tags_with_counts,
)
from saleor_loyalty.graphql.core.decorators import staff_required
from saleor_loyalty.graphql.core.errors import query_error
from saleor_loyalty.graphql.core.utils import parse_global_id
from saleor_loyalty.host.graphql import CountableConnectionField
from saleor_loyalty.insight import audiences
from saleor_loyalty.insight.models import Audience


class AudiencesQueries(graphene.ObjectType):
    loyalty_audience_preview = graphene.Field(
        LoyaltyAudiencePreview,
        filter=LoyaltyAudienceFilterInput(required=True),
        description=("Staff (MANAGE_USERS or MANAGE_DISCOUNTS): how many members a behaviour "
                     "filter selects now, with a sample of them."),
    )
    loyalty_audience = graphene.Field(
        LoyaltyAudience, id=graphene.ID(required=True, description="ID of the LoyaltyAudience."),
        description="Staff (MANAGE_USERS or MANAGE_DISCOUNTS): one saved audience.",
    )
    loyalty_audiences = CountableConnectionField(
        LoyaltyAudience, description="Staff (MANAGE_USERS or MANAGE_DISCOUNTS): saved audiences, by name.",
    )
    loyalty_tags = CountableConnectionField(
        LoyaltyTag, description="Staff (MANAGE_USERS or MANAGE_DISCOUNTS): member tags, by name.",
    )

    @staff_required(*AUDIENCE_STAFF, any_of=True)
    def resolve_loyalty_audience_preview(self, _info, filter):
        errors = ErrorCollector()
        try:
            chosen = audiences.validated_filter(filter_data(filter), errors)
            errors.raise_if_any()
        except ValidationError as error:
            raise query_error(error)
        count, sample = audiences.preview(chosen, load_program(), timezone.now(),
                                          first=audiences.MAX_SAMPLE)
        return {"count": count, "sample": sample}

    @staff_required(*AUDIENCE_STAFF, any_of=True)
    def resolve_loyalty_audience(self, _info, id):
        pk = parse_global_id(id, "LoyaltyAudience")
        return Audience.objects.filter(pk=pk).first() if pk is not None else None

    @staff_required(*AUDIENCE_STAFF, any_of=True)
    def resolve_loyalty_audiences(self, _info, **_kwargs):
        return Audience.objects.all()

    @staff_required(*AUDIENCE_STAFF, any_of=True)
    def resolve_loyalty_tags(self, _info, **_kwargs):
        return tags_with_counts()


class AudiencesMutations(graphene.ObjectType):
    loyalty_audience_create = LoyaltyAudienceCreate.Field()
    loyalty_audience_update = LoyaltyAudienceUpdate.Field()
    loyalty_audience_delete = LoyaltyAudienceDelete.Field()
    loyalty_tag_create = LoyaltyTagCreate.Field()
    loyalty_tag_update = LoyaltyTagUpdate.Field()
    loyalty_tag_delete = LoyaltyTagDelete.Field()
    loyalty_members_tag = LoyaltyMembersTag.Field()
    loyalty_members_untag = LoyaltyMembersUntag.Field()
