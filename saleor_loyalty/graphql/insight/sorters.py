import graphene

from saleor_loyalty.host.graphql import SortInputObjectType
from saleor_loyalty.insight.member_list import with_last_order


class LoyaltyMemberSortField(graphene.Enum):
    POINTS = ["points_balance", "pk"]
    LIFETIME_POINTS = ["lifetime_points", "pk"]
    LAST_ORDER = ["last_paid_order_at", "pk"]
    JOINED_AT = ["joined_at", "pk"]

    @property
    def description(self):
        descriptions = {
            "POINTS": "Sort members by points balance.",
            "LIFETIME_POINTS": "Sort members by lifetime points.",
            "LAST_ORDER": "Sort members by their last paid order (never ordered first).",
            "JOINED_AT": "Sort members by when they joined.",
        }
        return descriptions[self.name]

    @staticmethod
    def qs_with_last_order(queryset, **_kwargs):
        return with_last_order(queryset)


class LoyaltyMemberSortingInput(SortInputObjectType):
    class Meta:
        sort_enum = LoyaltyMemberSortField
        type_name = "members"
