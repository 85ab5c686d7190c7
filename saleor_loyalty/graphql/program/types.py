import graphene
from prices import Money as Prices

from saleor_loyalty.graphql.tiers.types import LoyaltyTier
from saleor_loyalty.host.graphql import Decimal, Money
from saleor_loyalty.tiers.models import Tier


class LoyaltyCurrencyRule(graphene.ObjectType):
    currency = graphene.String(required=True)
    points_per_currency_unit = Decimal(
        required=True, description="Points earned per one unit of this currency, before multipliers."
    )
    rate = Decimal(
        required=True,
        description="What one unit of this currency counts as in the base currency (rolling-spend "
                    "tiers, segments).",
    )
    point_value = graphene.Field(
        Money, description="Money value of one point in this currency, when the rule gives one."
    )

    class Meta:
        description = "How orders in a currency other than the program's base currency earn."


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
    currency_rules = graphene.List(
        graphene.NonNull(LoyaltyCurrencyRule), required=True,
        description="Earning in currencies other than `currency`; orders in a currency that is "
                    "neither earn no points.",
    )

    class Meta:
        description = "Public rules of the loyalty program."

    @staticmethod
    def resolve_point_value(root, _info):
        return Prices(root.point_value, root.currency)

    @staticmethod
    def resolve_tiers(_root, _info):
        return Tier.objects.all()

    @staticmethod
    def resolve_currency_rules(root, _info):
        return [
            LoyaltyCurrencyRule(
                currency=code, points_per_currency_unit=rule.points_per_unit, rate=rule.rate,
                point_value=None if rule.point_value is None else Prices(rule.point_value, code),
            )
            for code, rule in sorted((root.currency_rules or {}).items())
            if code != root.currency
        ]
