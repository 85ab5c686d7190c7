import graphene
from graphene import relay

from saleor_loyalty.graphql.points.dataloaders import OrderByKeyLoader
from saleor_loyalty.graphql.points.enums import (
    LoyaltyTransactionKindEnum,
    LoyaltyTransactionStatusEnum,
)
from saleor_loyalty.host.graphql import DateTime, ModelObjectType, Order, SaleorTypeField
from saleor_loyalty.points.models import PointsTransaction


class LoyaltyExpiringPoints(graphene.ObjectType):
    points = graphene.Int(required=True)
    expires_at = DateTime(required=True)


class LoyaltyTransaction(ModelObjectType):
    kind = LoyaltyTransactionKindEnum(required=True)
    status = LoyaltyTransactionStatusEnum(required=True)
    points = graphene.Int(
        required=True, description="Signed: positive adds to the balance, negative takes away."
    )
    reason = graphene.String()
    order = SaleorTypeField(Order)
    created_at = DateTime(required=True)
    available_at = DateTime()
    expires_at = DateTime()

    class Meta:
        description = "One entry of a member's points history."
        interfaces = [relay.Node]
        model = PointsTransaction

    @staticmethod
    def resolve_order(root: PointsTransaction, info):
        if not root.order_key:
            return None
        return OrderByKeyLoader(info.context).load(root.order_key)
