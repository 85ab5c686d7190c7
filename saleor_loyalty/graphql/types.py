import graphene
from graphene import relay
from graphql_jwt.exceptions import PermissionDenied
from prices import Money as Prices

from django.conf import settings
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
from .. import segments
from ..models import Campaign, Member, MemberSegment, PointsTransaction, Reward, Tier
from .dataloaders import (
    LastSegmentRunLoader,
    OrderByKeyLoader,
    TierByIdLoader,
    VariantPriceLoader,
)
from .enums import (
    LoyaltyCampaignStatusEnum,
    LoyaltyCouponKindEnum,
    LoyaltyCouponStatusEnum,
    LoyaltyRewardKindEnum,
    LoyaltySegmentEnum,
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
    rfm = graphene.Field(
        lambda: LoyaltySegmentMember,
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

    @staticmethod
    def resolve_rfm(root: Member, info):
        if not has_permissions(info.context, [MANAGE_USERS]):
            raise PermissionDenied()
        try:
            return root.segment
        except MemberSegment.DoesNotExist:
            return None


class LoyaltySegmentMember(CountableDjangoObjectType):
    member = graphene.Field(LoyaltyMember, required=True)
    recency_days = graphene.Int(
        description="Days from the last paid order to the segment run; null when never ordered."
    )
    frequency = graphene.Int(required=True, description="Paid orders in the segment window.")
    monetary = graphene.Field(
        Money, required=True, description="Money kept from paid orders in the segment window."
    )
    rfm_score = graphene.String(
        required=True, description='R, F, M scores 1..5 each, e.g. "545".'
    )
    segment = LoyaltySegmentEnum(required=True)
    last_order_at = graphene.DateTime(description="The member's last paid order.")
    computed_at = graphene.DateTime(description="When the segment run scored the member.")

    class Meta:
        description = "A member's RFM scores and segment at the last segment run."
        model = MemberSegment
        only_fields = ["frequency"]

    @staticmethod
    def resolve_monetary(root: MemberSegment, _info):
        return Prices(root.monetary, settings.DEFAULT_CURRENCY)

    @staticmethod
    def resolve_rfm_score(root: MemberSegment, _info):
        return root.rfm_score

    @staticmethod
    def resolve_recency_days(root: MemberSegment, info):
        return LastSegmentRunLoader(info.context).load(0).then(
            lambda run: segments.recency_days(root, run)
        )

    @staticmethod
    def resolve_computed_at(_root: MemberSegment, info):
        return LastSegmentRunLoader(info.context).load(0).then(
            lambda run: run.computed_at if run else None
        )


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


class LoyaltyTierShare(graphene.ObjectType):
    tier = graphene.Field(LoyaltyTier, required=True)
    members = graphene.Int(required=True)
    share = graphene.Float(required=True, description="Share of all current members, 0..1.")


class LoyaltyCouponRedemption(graphene.ObjectType):
    kind = LoyaltyCouponKindEnum(required=True)
    issued = graphene.Int(required=True, description="Coupons of this kind issued in the period.")
    used = graphene.Int(required=True, description="Of those, the ones used (so far).")
    rate = graphene.Float(required=True, description="used / issued, 0..1.")


class LoyaltyStats(graphene.ObjectType):
    period_start = graphene.DateTime(required=True, description="Start of the period.")
    period_end = graphene.DateTime(required=True, description="End of the period.")
    members = graphene.Int(required=True, description="Members who had joined by the end of the period.")
    active_members = graphene.Int(
        required=True, description="Members who placed a paid order as members in the period."
    )
    user_repurchase_rate = graphene.Float(
        required=True,
        description="Buyers with two or more orders in the period / buyers in the period.",
    )
    order_repurchase_rate = graphene.Float(
        required=True,
        description=(
            "Orders in the period that were a customer's second or later / all orders in "
            "the period."
        ),
    )
    tier_distribution = graphene.List(
        graphene.NonNull(LoyaltyTierShare), required=True,
        description="Current members per tier.",
    )
    points_issued = graphene.Int(required=True)
    points_redeemed = graphene.Int(required=True)
    points_expired = graphene.Int(required=True)
    outstanding_points = graphene.Int(required=True, description="Points members can spend now.")
    outstanding_liability = graphene.Field(
        Money, required=True, description="Outstanding points times the point value."
    )
    member_average_order_value = graphene.Field(Money)
    guest_average_order_value = graphene.Field(Money)
    coupon_redemption = graphene.List(
        graphene.NonNull(LoyaltyCouponRedemption), required=True,
        description="Per coupon kind: coupons issued in the period and the share used.",
    )

    class Meta:
        description = "Program statistics for a period; see the README for definitions."

    @staticmethod
    def resolve_period_start(root, _info):
        return root.period.start

    @staticmethod
    def resolve_period_end(root, _info):
        return root.period.end

    @staticmethod
    def resolve_outstanding_liability(root, _info):
        return _money(root.outstanding_liability, root.currency)

    @staticmethod
    def resolve_member_average_order_value(root, _info):
        return _money(root.member_average_order_value, root.currency)

    @staticmethod
    def resolve_guest_average_order_value(root, _info):
        return _money(root.guest_average_order_value, root.currency)


def _money(amount, currency):
    return None if amount is None else Prices(amount, currency)


class LoyaltyCampaign(CountableDjangoObjectType):
    name = graphene.String(required=True)
    tier = graphene.Field(LoyaltyTier, description="The tier it was sent to, if any.")
    segment = LoyaltySegmentEnum(description="The segment it was sent to, if any.")
    bonus_points = graphene.Int(required=True)
    coupon_value = Decimal(description="Value of each member's coupon; null for none.")
    coupon_value_type = DiscountValueTypeEnum()
    coupon_valid_days = graphene.Int()
    message = graphene.String(required=True)
    status = LoyaltyCampaignStatusEnum(required=True)
    recipients = graphene.Int(required=True, description="Members it was sent to.")
    processed = graphene.Int(required=True, description="Members who got their gift so far.")
    error = graphene.String(description="Why the last run failed (it resumes on retry).")
    created_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()

    class Meta:
        description = "Staff (MANAGE_DISCOUNTS): a campaign and its progress."
        interfaces = [relay.Node]
        model = Campaign
        only_fields = ["id"]

    @staticmethod
    def resolve_tier(root: Campaign, info):
        return TierByIdLoader(info.context).load(root.tier_id) if root.tier_id else None

    @staticmethod
    def resolve_segment(root: Campaign, _info):
        return root.segment or None

    @staticmethod
    def resolve_coupon_value_type(root: Campaign, _info):
        return root.coupon_value_type or None

    @staticmethod
    def resolve_error(root: Campaign, _info):
        return root.error or None
