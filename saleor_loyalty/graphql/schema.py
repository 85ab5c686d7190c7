import graphene

from .mutations.loyalty_join import LoyaltyJoin
from .resolvers import resolve_loyalty_program
from .types import LoyaltyProgram


class LoyaltyQueries(graphene.ObjectType):
    loyalty_program = graphene.Field(
        LoyaltyProgram,
        required=True,
        description="Public program rules and tiers for storefront display.",
    )

    def resolve_loyalty_program(self, info):
        return resolve_loyalty_program(info)


class LoyaltyMutations(graphene.ObjectType):
    loyalty_join = LoyaltyJoin.Field()
