"""Saleor's schema with the loyalty queries, mutations and fields added to its types."""
import graphene

from ..host.graphql import SaleorMutation, SaleorQuery, User, build_schema
from .resolvers import resolve_user_loyalty
from .schema import LoyaltyMutations, LoyaltyQueries
from .types import LoyaltyMember

User._meta.fields["loyalty"] = graphene.Field(
    LoyaltyMember,
    description="Loyalty membership of this user; null when the user has not joined.",
    resolver=resolve_user_loyalty,
)


class Query(LoyaltyQueries, SaleorQuery):
    pass


class Mutation(LoyaltyMutations, SaleorMutation):
    pass


schema = build_schema(Query, mutation=Mutation)
