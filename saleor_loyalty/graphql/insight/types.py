import graphene
from prices import Money as Prices

from saleor_loyalty.graphql.coupons.enums import LoyaltyCouponKindEnum
from saleor_loyalty.graphql.insight.dataloaders import BaseCurrencyLoader, LastSegmentRunLoader
from saleor_loyalty.graphql.insight.enums import LoyaltySegmentEnum, LoyaltyWeekdayEnum
from saleor_loyalty.graphql.members.types import LoyaltyMember
from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import (
    Category,
    DateTime,
    ModelObjectType,
    Money,
    Product,
    SaleorTypeField,
)
from saleor_loyalty.host.products import all_categories, all_products
from saleor_loyalty.insight import segments
from saleor_loyalty.insight.models import MemberSegment


class LoyaltySegmentMember(ModelObjectType):
    frequency = graphene.Int(required=True, description="Paid orders in the segment window.")
    member = graphene.Field(LoyaltyMember, required=True)
    recency_days = graphene.Int(
        description="Days from the last paid order to the segment run; null when never ordered."
    )
    monetary = graphene.Field(
        Money, required=True,
        description=(
            "Money kept from paid orders in the segment window, in the base currency "
            "(orders in other currencies at their currency rule's rate)."
        ),
    )
    rfm_score = graphene.String(
        required=True, description='R, F, M scores 1..5 each, e.g. "545".'
    )
    segment = LoyaltySegmentEnum(required=True)
    last_order_at = DateTime(description="The member's last paid order.")
    computed_at = DateTime(description="When the segment run scored the member.")

    class Meta:
        description = "A member's RFM scores and segment at the last segment run."
        model = MemberSegment

    @staticmethod
    def resolve_monetary(root: MemberSegment, info):
        if root.currency:
            return Prices(root.monetary, root.currency)
        # Scored before segments recorded their currency: the base currency then.
        return BaseCurrencyLoader(info.context).load(0).then(
            lambda currency: Prices(root.monetary, currency)
        )

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


class LoyaltyTierShare(graphene.ObjectType):
    tier = graphene.Field(LoyaltyTier, required=True)
    members = graphene.Int(required=True)
    share = graphene.Float(required=True, description="Share of all current members, 0..1.")


class LoyaltyCouponRedemption(graphene.ObjectType):
    kind = LoyaltyCouponKindEnum(required=True)
    issued = graphene.Int(required=True, description="Coupons of this kind issued in the period.")
    used = graphene.Int(required=True, description="Of those, the ones used (so far).")
    rate = graphene.Float(required=True, description="used / issued, 0..1.")


def _money_list(description):
    return graphene.List(graphene.NonNull(Money), required=True, description=description)


class LoyaltyStats(graphene.ObjectType):
    period_start = DateTime(required=True, description="Start of the period.")
    period_end = DateTime(required=True, description="End of the period.")
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
        Money, required=True,
        description="Outstanding points times the point value, in the base currency.",
    )
    outstanding_liability_by_currency = _money_list(
        "Outstanding points times the point value, in each currency that gives points a "
        "value (base currency first); each is the whole liability, never to be added up."
    )
    member_average_order_value = graphene.Field(
        Money, description="Of members' paid orders in the base currency."
    )
    guest_average_order_value = graphene.Field(
        Money, description="Of guests' paid orders in the base currency."
    )
    member_average_order_value_by_currency = _money_list(
        "Of members' paid orders, per currency of the orders (base currency first)."
    )
    guest_average_order_value_by_currency = _money_list(
        "Of guests' paid orders, per currency of the orders (base currency first)."
    )
    member_revenue_by_currency = _money_list(
        "Money kept from members' paid orders of the period, per currency."
    )
    guest_revenue_by_currency = _money_list(
        "Money kept from guests' paid orders of the period, per currency."
    )
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
    def resolve_outstanding_liability_by_currency(root, _info):
        return [Prices(amount, currency) for currency, amount in root.liability_by_currency.items()]

    @staticmethod
    def resolve_member_average_order_value_by_currency(root, _info):
        return _per_currency(root, "member_average")

    @staticmethod
    def resolve_guest_average_order_value_by_currency(root, _info):
        return _per_currency(root, "guest_average")

    @staticmethod
    def resolve_member_revenue_by_currency(root, _info):
        return _per_currency(root, "member_revenue")

    @staticmethod
    def resolve_guest_revenue_by_currency(root, _info):
        return _per_currency(root, "guest_revenue")

    @staticmethod
    def resolve_member_average_order_value(root, _info):
        return _money(root.member_average_order_value, root.currency)

    @staticmethod
    def resolve_guest_average_order_value(root, _info):
        return _money(root.guest_average_order_value, root.currency)


def _money(amount, currency):
    return None if amount is None else Prices(amount, currency)


def _per_currency(root, name: str):
    """The figure `name` of each currency that has one."""
    return [Prices(getattr(v, name), v.currency) for v in root.order_values
            if getattr(v, name) is not None]


class LoyaltyReturningProduct(graphene.ObjectType):
    product = SaleorTypeField(Product, description="Null when the product was deleted since.")
    name = graphene.String(required=True, description="The product's name.")
    quantity = graphene.Int(required=True, description="Units bought.")
    orders = graphene.Int(required=True, description="Orders holding it.")
    revenue = graphene.Field(
        Money, required=True,
        description="Gross line totals in the base currency (other currencies at their rule's rate).",
    )

    class Meta:
        description = "A product among first-time or repeat orders."


class LoyaltyReturningCategory(graphene.ObjectType):
    category = SaleorTypeField(Category, description="Null when the category was deleted since.")
    name = graphene.String(required=True, description="The category's name.")
    quantity = graphene.Int(required=True, description="Units bought of its products.")
    orders = graphene.Int(required=True, description="Orders holding its products.")
    revenue = graphene.Field(
        Money, required=True,
        description="Gross line totals in the base currency (other currencies at their rule's rate).",
    )

    class Meta:
        description = "A category among first-time or repeat orders."


def _ranking(name, item_type, description):
    fields = {
        "first_time": graphene.List(graphene.NonNull(item_type), required=True,
                                    description="Among customers' first orders."),
        "repeat": graphene.List(graphene.NonNull(item_type), required=True,
                                description="Among customers' repeat orders."),
        "Meta": type("Meta", (), {"description": description}),
    }
    return type(name, (graphene.ObjectType,), fields)


LoyaltyReturningProducts = _ranking(
    "LoyaltyReturningProducts", LoyaltyReturningProduct, "Top products by units bought, then revenue.")
LoyaltyReturningCategories = _ranking(
    "LoyaltyReturningCategories", LoyaltyReturningCategory, "Top categories by units bought, then revenue.")


class LoyaltyOrdersByWeekday(graphene.ObjectType):
    weekday = LoyaltyWeekdayEnum(required=True)
    first_time = graphene.Int(required=True, description="Customers' first orders.")
    repeat = graphene.Int(required=True, description="Customers' repeat orders.")


class LoyaltyOrdersByHour(graphene.ObjectType):
    hour = graphene.Int(required=True, description="Hour of the day, 0-23.")
    first_time = graphene.Int(required=True, description="Customers' first orders.")
    repeat = graphene.Int(required=True, description="Customers' repeat orders.")


class LoyaltyReturningCustomers(graphene.ObjectType):
    period_start = DateTime(required=True, description="Start of the period.")
    period_end = DateTime(required=True, description="End of the period.")
    time_zone = graphene.String(
        required=True, description="The shop's time zone, which weekdays and hours are in.")
    first_orders = graphene.Int(
        required=True, description="Paid orders of the period that were a customer's first ever.")
    repeat_orders = graphene.Int(
        required=True, description="Paid orders of the period placed after the customer's first.")
    top_products = graphene.Field(LoyaltyReturningProducts, required=True)
    top_categories = graphene.Field(LoyaltyReturningCategories, required=True)
    orders_by_weekday = graphene.List(
        graphene.NonNull(LoyaltyOrdersByWeekday), required=True,
        description="Orders per weekday in the shop's time zone, Monday to Sunday.")
    orders_by_hour = graphene.List(
        graphene.NonNull(LoyaltyOrdersByHour), required=True,
        description="Orders per hour in the shop's time zone, 0 to 23.")

    class Meta:
        description = (
            "First-time and repeat orders of customers with an account in a period (guest "
            "checkouts left out): what each group buys and when it orders."
        )

    @staticmethod
    def resolve_period_start(root, _info):
        return root.period.start

    @staticmethod
    def resolve_period_end(root, _info):
        return root.period.end

    @staticmethod
    def resolve_top_products(root, _info):
        return _items(root, root.top_products, LoyaltyReturningProduct, "product",
                      all_products(), LoyaltyReturningProducts)

    @staticmethod
    def resolve_top_categories(root, _info):
        return _items(root, root.top_categories, LoyaltyReturningCategory, "category",
                      all_categories(), LoyaltyReturningCategories)

    @staticmethod
    def resolve_orders_by_weekday(root, _info):
        return [LoyaltyOrdersByWeekday(weekday=c.at, first_time=c.first_time, repeat=c.repeat)
                for c in root.by_weekday]

    @staticmethod
    def resolve_orders_by_hour(root, _info):
        return [LoyaltyOrdersByHour(hour=c.at, first_time=c.first_time, repeat=c.repeat)
                for c in root.by_hour]


def _items(root, ranking, item_type, field, queryset, ranking_type):
    """Both groups of a ranking, their catalogue objects read in one query."""
    items = ranking.first_time + ranking.repeat
    objects = queryset.in_bulk({item.id for item in items})

    def typed(item):
        return item_type(**{field: objects.get(item.id)}, name=item.name, quantity=item.quantity,
                         orders=item.orders, revenue=Prices(item.revenue, root.currency))

    return ranking_type(first_time=[typed(i) for i in ranking.first_time],
                        repeat=[typed(i) for i in ranking.repeat])
