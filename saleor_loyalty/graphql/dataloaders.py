from ..host.graphql import DataLoader
from ..host.orders import orders_by_keys
from ..host.products import variant_prices
from ..models import Member, SegmentRun, Tier


class MemberByUserIdLoader(DataLoader):
    context_key = "loyalty_member_by_user_id"

    def batch_load(self, keys):
        members = Member.objects.filter(user_id__in=keys).in_bulk(field_name="user_id")
        return [members.get(key) for key in keys]


class TierByIdLoader(DataLoader):
    context_key = "loyalty_tier_by_id"

    def batch_load(self, keys):
        tiers = Tier.objects.in_bulk(keys)
        return [tiers.get(key) for key in keys]


class OrderByKeyLoader(DataLoader):
    context_key = "loyalty_order_by_key"

    def batch_load(self, keys):
        orders = orders_by_keys(keys)
        return [orders.get(key) for key in keys]


class VariantPriceLoader(DataLoader):
    """The catalogue price (prices.Money) of variants, e.g. of paid memberships."""

    context_key = "loyalty_variant_price"

    def batch_load(self, keys):
        prices = variant_prices(keys)
        return [prices.get(key) for key in keys]


class LastSegmentRunLoader(DataLoader):
    """The last segment run (load any key, e.g. 0): when the RFM snapshot was computed."""

    context_key = "loyalty_last_segment_run"

    def batch_load(self, keys):
        run = SegmentRun.objects.first()
        return [run for _key in keys]
