"""The loyalty queries and mutations, assembled from each domain's schema."""
import copy

import graphene

from saleor_loyalty.graphql.audiences.schema import AudiencesMutations, AudiencesQueries
from saleor_loyalty.graphql.catalogue.schema import CatalogueMutations, CatalogueQueries
from saleor_loyalty.graphql.coupons.schema import CouponsMutations, CouponsQueries
from saleor_loyalty.graphql.engagement.schema import EngagementMutations, EngagementQueries
from saleor_loyalty.graphql.insight.schema import InsightQueries
from saleor_loyalty.graphql.journeys.schema import JourneysMutations, JourneysQueries
from saleor_loyalty.graphql.members.schema import MembersMutations, MembersQueries
from saleor_loyalty.graphql.points.schema import PointsMutations
from saleor_loyalty.graphql.program.schema import ProgramQueries
from saleor_loyalty.graphql.tiers.schema import TiersMutations


class LoyaltyQueries(
    AudiencesQueries,
    JourneysQueries,
    EngagementQueries,
    CouponsQueries,
    InsightQueries,
    CatalogueQueries,
    MembersQueries,
    ProgramQueries,
):
    """Graphene lists the fields of the last base first: the schema starts with
    `loyaltyProgram` and ends with the journeys and audiences."""


# The order graphql/schema.graphql lists the mutations in; it mixes the domains.
MUTATION_ORDER = (
    "loyalty_join",
    "loyalty_points_adjust",
    "loyalty_tier_create",
    "loyalty_tier_update",
    "loyalty_tier_delete",
    "loyalty_tier_paid_membership_set",
    "loyalty_member_price_set",
    "loyalty_member_price_delete",
    "loyalty_product_set_member_only",
    "loyalty_member_product_create",
    "loyalty_member_update",
    "loyalty_check_in",
    "loyalty_redeem_points",
    "loyalty_referral_code_apply",
    "loyalty_reward_redeem",
    "loyalty_reward_create",
    "loyalty_reward_update",
    "loyalty_reward_delete",
    "loyalty_campaign_send",
    "loyalty_survey_answer",
    "loyalty_survey_create",
    "loyalty_survey_update",
    "loyalty_journey_create",
    "loyalty_journey_update",
    "loyalty_journey_delete",
    "loyalty_audience_create",
    "loyalty_audience_update",
    "loyalty_audience_delete",
    "loyalty_tag_create",
    "loyalty_tag_update",
    "loyalty_tag_delete",
    "loyalty_members_tag",
    "loyalty_members_untag",
    "loyalty_members_import",
)


def _fields_in_order(object_types, names):
    """Copies of the fields of `object_types`, made one after another in the order of
    `names`: graphene orders the fields of a type by when they were made."""
    fields = {}
    for object_type in object_types:
        fields.update(object_type._meta.fields)
    if sorted(names) != sorted(fields):
        raise ValueError(f"Name each of {sorted(fields)} once, not {sorted(names)}.")
    in_order = {}
    for name in names:
        in_order[name] = copy.copy(fields[name])
        in_order[name].reset_counter()
    return in_order


LoyaltyMutations = type(
    "LoyaltyMutations",
    (graphene.ObjectType,),
    _fields_in_order(
        [
            AudiencesMutations,
            CatalogueMutations,
            CouponsMutations,
            EngagementMutations,
            JourneysMutations,
            MembersMutations,
            PointsMutations,
            TiersMutations,
        ],
        MUTATION_ORDER,
    ),
)
