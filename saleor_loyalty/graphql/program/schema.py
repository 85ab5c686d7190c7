import graphene

from saleor_loyalty.graphql.program.resolvers import resolve_loyalty_program
from saleor_loyalty.graphql.program.types import LoyaltyProgram


class ProgramQueries(graphene.ObjectType):
    loyalty_program = graphene.Field(
        LoyaltyProgram,
        required=True,
        description="Public program rules and tiers for storefront display.",
    )

    def resolve_loyalty_program(self, info):
        return resolve_loyalty_program(info)
