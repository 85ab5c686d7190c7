from saleor_loyalty.graphql.core.enums import enum_from_choices
from saleor_loyalty.points.models import TransactionKind, TransactionStatus

LoyaltyTransactionKindEnum = enum_from_choices("LoyaltyTransactionKind", TransactionKind)
LoyaltyTransactionStatusEnum = enum_from_choices("LoyaltyTransactionStatus", TransactionStatus)
