import graphene
from django.utils import timezone
from graphene import relay

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.engagement import checkins
from saleor_loyalty.graphql.core.errors import query_error
from saleor_loyalty.graphql.core.utils import order_key_from_global_id
from saleor_loyalty.graphql.coupons.enums import LoyaltyCouponStatusEnum
from saleor_loyalty.graphql.coupons.types import LoyaltyCoupon
from saleor_loyalty.graphql.insight.dataloaders import TagNamesByMemberLoader
from saleor_loyalty.graphql.notifications.resolvers import resolve_member_deliveries
from saleor_loyalty.graphql.notifications.types import LoyaltyDelivery
from saleor_loyalty.graphql.points.types import LoyaltyExpiringPoints, LoyaltyTransaction
from saleor_loyalty.graphql.tiers.dataloaders import TierByIdLoader
from saleor_loyalty.graphql.tiers.types import LoyaltyTier, LoyaltyTierChange
from saleor_loyalty.host.graphql import (
    CountableConnectionField,
    Date,
    DateTime,
    ModelObjectType,
    PermissionDenied,
    SaleorTypeField,
    User,
    signed_in_user,
)
from saleor_loyalty.host.permissions import MANAGE_USERS, has_permissions
from saleor_loyalty.insight.models import MemberSegment
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger


def can_see_member(context, member: Member) -> bool:
    user = signed_in_user(context)
    if user is not None and member.user_id == user.pk:
        return True
    return has_permissions(context, [MANAGE_USERS])


class LoyaltyMember(ModelObjectType):
    user = SaleorTypeField(User, required=True)
    tier = graphene.Field(LoyaltyTier)
    points_balance = graphene.Int(required=True, description="Points that can be spent now.")
    pending_points = graphene.Int(
        required=True, description="Points earned on orders still inside their return window."
    )
    lifetime_points = graphene.Int(required=True)
    referral_code = graphene.String(required=True)
    joined_at = DateTime(required=True)
    birthday = Date()
    points_expiring_soon = graphene.List(
        graphene.NonNull(LoyaltyExpiringPoints),
        required=True,
        description="Points that expire in the next 30 days, by day.",
    )
    transactions = CountableConnectionField(
        LoyaltyTransaction,
        order=graphene.ID(description="Only the rows of this order (an `Order` ID)."),
        description="Points history, newest first.",
    )
    tier_history = graphene.List(
        graphene.NonNull(LoyaltyTierChange), required=True,
        description="Every move between tiers, newest first.",
    )
    paid_tier_until = DateTime(
        description="End of a bought membership; null when none is running."
    )
    rfm = graphene.Field(
        # By name: insight's types import this module.
        "saleor_loyalty.graphql.insight.types.LoyaltySegmentMember",
        description=(
            "Staff (MANAGE_USERS): RFM scores and segment from the last segment run; "
            "null before the member's first run."
        ),
    )
    checked_in_today = graphene.Boolean(
        required=True, description="Whether the member checked in today (shop time zone)."
    )
    coupons = graphene.List(
        graphene.NonNull(LoyaltyCoupon), required=True,
        status=LoyaltyCouponStatusEnum(description="Only coupons in this status."),
        description="The member's coupons, newest first.",
    )
    email_notifications = graphene.Boolean(
        required=True, description="Whether the member gets loyalty e-mails."
    )
    deliveries = CountableConnectionField(
        LoyaltyDelivery,
        description="Staff (MANAGE_USERS): the member's messages on every channel, newest first.",
    )
    sms_notifications = graphene.Boolean(
        required=True, description="Whether the member gets loyalty messages by SMS."
    )
    push_notifications = graphene.Boolean(
        required=True, description="Whether the member gets loyalty push notifications."
    )
    tags = graphene.List(
        graphene.NonNull(graphene.String),
        description="Staff (MANAGE_USERS): the member's tags, by name.",
    )

    class Meta:
        description = "A customer's membership of the loyalty program."
        interfaces = [relay.Node]
        model = Member

    @classmethod
    def get_node(cls, info, id):
        member = Member.objects.current().filter(pk=id).first()
        if member is None or not can_see_member(info.context, member):
            return None
        return member

    @staticmethod
    def resolve_points_expiring_soon(root: Member, _info):
        return [
            LoyaltyExpiringPoints(points=points, expires_at=expires_at)
            for points, expires_at in ledger.expiring_soon(root, timezone.now())
        ]

    @staticmethod
    def resolve_tier_history(root: Member, _info):
        return root.tier_changes.select_related("from_tier", "to_tier")

    @staticmethod
    def resolve_paid_tier_until(root: Member, _info):
        if root.paid_tier_until and root.paid_tier_until > timezone.now():
            return root.paid_tier_until
        return None

    @staticmethod
    def resolve_checked_in_today(root: Member, _info):
        return checkins.checked_in_today(root, timezone.now())

    @staticmethod
    def resolve_coupons(root: Member, _info, status=None):
        return coupons.with_status(coupons.member_coupons(root), status, timezone.now())

    @staticmethod
    def resolve_transactions(root: Member, _info, order=None, **_kwargs):
        rows = root.transactions.all()
        if order is None:
            return rows
        key = order_key_from_global_id(order)
        if key is None:
            raise query_error(loyalty_error(
                LoyaltyErrorCode.INVALID, f"Couldn't resolve to an Order: {order}", "order"))
        return rows.filter(order_key=key)

    @staticmethod
    def resolve_tier(root: Member, info):
        if root.tier_id is None:
            return None
        if Member.tier.is_cached(root):
            return root.tier
        return TierByIdLoader(info.context).load(root.tier_id)

    @staticmethod
    def resolve_tags(root: Member, info):
        if not has_permissions(info.context, [MANAGE_USERS]):
            raise PermissionDenied()
        return TagNamesByMemberLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_rfm(root: Member, info):
        if not has_permissions(info.context, [MANAGE_USERS]):
            raise PermissionDenied()
        try:
            return root.segment
        except MemberSegment.DoesNotExist:
            return None

    @staticmethod
    def resolve_deliveries(root: Member, info, **_kwargs):
        if not has_permissions(info.context, [MANAGE_USERS]):
            raise PermissionDenied()
        return resolve_member_deliveries(root)
