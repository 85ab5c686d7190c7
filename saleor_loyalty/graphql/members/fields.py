"""The loyalty field on Saleor's `User`."""
import graphene

from saleor_loyalty.graphql.members.resolvers import resolve_user_loyalty
from saleor_loyalty.graphql.members.types import LoyaltyMember

USER_LOYALTY_FIELD = graphene.Field(
    LoyaltyMember,
    description="Loyalty membership of this user; null when the user has not joined.",
    resolver=resolve_user_loyalty,
)
