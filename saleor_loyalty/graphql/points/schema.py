import graphene

from saleor_loyalty.graphql.points.mutations.points_adjust import LoyaltyPointsAdjust


class PointsMutations(graphene.ObjectType):
    loyalty_points_adjust = LoyaltyPointsAdjust.Field()
