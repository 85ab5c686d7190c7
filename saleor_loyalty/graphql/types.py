import graphene
from graphene import relay
from graphql_jwt.exceptions import PermissionDenied
from prices import Money as Prices

from django.utils import timezone

from .. import checkins, coupons, ledger
from ..host.graphql import (
    CountableDjangoObjectType,
    Decimal,
    DiscountValueTypeEnum,
    Money,
    Order,
    PrefetchingConnectionField,
    ProductVariant,
    User,
)
from ..host.permissions import MANAGE_USERS, has_permissions
from ..models import Member, PointsTransaction, Reward, Tier
from .dataloaders import OrderByKeyLoader, TierByIdLoader, VariantPriceLoader
from .enums import (
    LoyaltyCouponKindEnum,
    LoyaltyCouponStatusEnum,
    LoyaltyRewardKindEnum,
    LoyaltyTierChangeReasonEnum,
    LoyaltyTierQualificationEnum,
    LoyaltyTransactionKindEnum,
    LoyaltyTransactionStatusEnum,
)


def can_see_member(context, member: Member) -> bool:
    user = context.user
    if user.is_authenticated and member.user_id == user.pk:
        return True
    return has_permissions(context, [MANAGE_USERS])


class LoyaltyTier(CountableDjangoObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    rank = graphene.Int(
        required=True, description="Higher rank is a better tier; the entry tier has rank 0."
    )
    qualification = LoyaltyTierQualificationEnum(required=True)
    threshold = Decimal(
        required=True,
        description="Points threshold, or spend threshold in the shop currency, per qualification.",
    )
    earn_multiplier = graphene.Float(required=True)
    discount_percent = Decimal(
        required=True, description="Percent off every order for members of this tier (0 for none)."
    )
    benefits = graphene.List(graphene.NonNull(graphene.String), required=True)
    member_count = graphene.Int(description="Staff only (MANAGE_USERS).")
    price = graphene.Field(
        Money, description="Price of a paid membership of this tier; null when it is earned only."
    )
    duration_days = graphene.Int(description="How long a bought membership lasts.")
    paid_variant = graphene.Field(
        ProductVariant, description="The product variant customers buy to get this tier."
    )

    class Meta:
        description = "A membership level."
        interfaces = [relay.Node]
        model = Tier
        only_fields = ["id"]

    @staticmethod
    def resolve_price(root: Tier, info):
        if root.paid_variant_id is None:
            return None
        return VariantPriceLoader(info.context).load(root.paid_variant_id)

    @staticmethod
    def resolve_duration_days(root: Tier, _info):
        return root.paid_duration_days if root.paid_variant_id else None

    @staticmethod
    def resolve_member_count(root: Tier, info):
        if not has_permissions(info.context, [MANAGE_USERS]):
            raise PermissionDenied()
        return root.members.count()


class LoyaltyTierChange(graphene.ObjectType):
    from_tier = graphene.Field(LoyaltyTier)
    to_tier = graphene.Field(LoyaltyTier)
    reason = LoyaltyTierChangeReasonEnum(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "A move between tiers."

    @staticmethod
    def resolve_from_tier(root, info):
        return TierByIdLoader(info.context).load(root.from_tier_id) if root.from_tier_id else None

    @staticmethod
    def resolve_to_tier(root, info):
        return TierByIdLoader(info.context).load(root.to_tier_id) if root.to_tier_id else None


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


class LoyaltyCoupon(graphene.ObjectType):
    code = graphene.String(required=True, description="The code to enter at checkout.")
    kind = LoyaltyCouponKindEnum(required=True)
    status = LoyaltyCouponStatusEnum(required=True)
    discount_value_type = DiscountValueTypeEnum(required=True)
    discount_value = Decimal(required=True)
    minimum_spent = graphene.Field(Money, description="Smallest order subtotal it applies to.")
    valid_from = graphene.DateTime(required=True)
    valid_until = graphene.DateTime()
    used_at = graphene.DateTime()
    points_spent = graphene.Int(
        required=True, description="Points paid for it (redemptions and rewards); 0 for gifts."
    )

    class Meta:
        description = "A discount code only its member can use, once."

    @staticmethod
    def resolve_code(root, _info):
        return root.voucher.code

    @staticmethod
    def resolve_status(root, _info):
        return coupons.status(root, timezone.now())

    @staticmethod
    def resolve_discount_value_type(root, _info):
        return root.voucher.discount_value_type

    @staticmethod
    def resolve_discount_value(root, _info):
        return root.voucher.discount_value

    @staticmethod
    def resolve_minimum_spent(root, _info):
        voucher = root.voucher
        return Prices(voucher.min_spent_amount, voucher.currency) if voucher.min_spent_amount else None


class LoyaltyReward(CountableDjangoObjectType):
    name = graphene.String(required=True)
    description = graphene.String()
    points_cost = graphene.Int(required=True)
    kind = LoyaltyRewardKindEnum(required=True)
    variant = graphene.Field(
        ProductVariant, description="For PRODUCT rewards: the variant the member receives free."
    )
    discount_value = Decimal(description="For VOUCHER rewards: the coupon value.")
    minimum_tier = graphene.Field(lambda: LoyaltyTier)
    stock = graphene.Int(description="Remaining stock; null for unlimited.")

    class Meta:
        description = "An item of the points mall."
        interfaces = [relay.Node]
        model = Reward
        only_fields = ["id"]

    @staticmethod
    def resolve_minimum_tier(root: Reward, info):
        if root.minimum_tier_id is None:
            return None
        return TierByIdLoader(info.context).load(root.minimum_tier_id)


class LoyaltyMember(CountableDjangoObjectType):
    user = graphene.Field(User, required=True)
    tier = graphene.Field(LoyaltyTier)
    points_balance = graphene.Int(required=True, description="Points that can be spent now.")
    pending_points = graphene.Int(
        required=True, description="Points earned on orders still inside their return window."
    )
    lifetime_points = graphene.Int(required=True)
    referral_code = graphene.String(required=True)
    joined_at = graphene.DateTime(required=True)
    birthday = graphene.Date()
    points_expiring_soon = graphene.List(
        graphene.NonNull(LoyaltyExpiringPoints),
        required=True,
        description="Points that expire in the next 30 days, by day.",
    )
    transactions = PrefetchingConnectionField(
        LoyaltyTransaction, description="Points history, newest first."
    )
    tier_history = graphene.List(
        graphene.NonNull(LoyaltyTierChange), required=True,
        description="Every move between tiers, newest first.",
    )
    paid_tier_until = graphene.DateTime(
        description="End of a bought membership; null when none is running."
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

    class Meta:
        description = "A customer's membership of the loyalty program."
        interfaces = [relay.Node]
        model = Member
        only_fields = ["id"]

    @classmethod
    def get_node(cls, info, id):
        member = Member.objects.filter(pk=id).first()
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
        return root.tier_changes.all()

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
    def resolve_transactions(root: Member, _info, **_kwargs):
        return root.transactions.all()

    @staticmethod
    def resolve_tier(root: Member, info):
        if root.tier_id is None:
            return None
        return TierByIdLoader(info.context).load(root.tier_id)


class LoyaltyProgram(graphene.ObjectType):
    name = graphene.String(required=True)
    active = graphene.Boolean(required=True, description="Whether the program is running.")
    currency = graphene.String(required=True)
    points_per_currency_unit = Decimal(
        required=True, description="Points earned per one unit of currency spent, before multipliers."
    )
    point_value = graphene.Field(
        Money, required=True, description="Money value of one point when redeemed."
    )
    minimum_redemption = graphene.Int(
        required=True, description="Minimum points a single redemption may use."
    )
    return_window_days = graphene.Int(required=True)
    points_lifetime_days = graphene.Int()
    tiers = graphene.List(graphene.NonNull(LoyaltyTier), required=True)
    member_day = graphene.Int(description="Day of month that is member day (bonus multiplier), if any.")
    member_day_multiplier = graphene.Float()
    referrer_reward = graphene.Int(required=True)
    referrer_reward_percent = graphene.Int(
        description="When set, referrers earn this percent of the referee's first-order points."
    )
    check_in_points = graphene.Int(required=True)
    check_in_streak_days = graphene.Int(description="Check-ins in a row that earn the bonus.")
    check_in_streak_bonus = graphene.Int(required=True)

    class Meta:
        description = "Public rules of the loyalty program."

    @staticmethod
    def resolve_point_value(root, _info):
        return Prices(root.point_value, root.currency)

    @staticmethod
    def resolve_tiers(_root, _info):
        return Tier.objects.all()
