import graphene
from graphene import relay

from saleor_loyalty.graphql.points.dataloaders import OrderByKeyLoader
from saleor_loyalty.graphql.points.enums import (
    LoyaltyTransactionKindEnum,
    LoyaltyTransactionStatusEnum,
)
from saleor_loyalty.host.graphql import CountableDjangoObjectType, Order
from saleor_loyalty.points.models import PointsTransaction


class LoyaltyExpiringPoints(graphene.ObjectType):
    points = graphene.Int(required=True)
    expires_at = graphene.DateTime(required=True)


class LoyaltyTransaction(CountableDjangoObjectType):
    kind = LoyaltyTransactionKindEnum(required=True)
    status = LoyaltyTransactionStatusEnum(required=True)
    points = graphene.Int(
        required=True, description="Signed: positive adds to the balance, negative takes away."
    )
    reason = graphene.String()
    order = graphene.Field(Order)
    created_at = graphene.DateTime(required=True)
    available_at = graphene.DateTime()
    expires_at = graphene.DateTime()

    class Meta:
        description = "One entry of a member's points history."
        interfaces = [relay.Node]
        model = PointsTransaction
        only_fields = ["id"]

    @staticmethod
    def resolve_order(root: PointsTransaction, info):
        if not root.order_key:
            return None
        return OrderByKeyLoader(info.context).load(root.order_key)
