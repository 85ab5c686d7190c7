from ..host.graphql import DataLoader
from ..host.orders import orders_by_keys
from ..host.products import customer_id, variant_prices
from ..models import Member, MemberPrice, ProductAccess, SegmentRun, Tier
from ..pricing import tier_pricing


class InBulkLoader(DataLoader):
    """Rows of `model` by a unique `field_name` (None where there is none)."""

    model = None
    field_name = "pk"

    def batch_load(self, keys):
        rows = self.model.objects.in_bulk(keys, field_name=self.field_name)
        return [rows.get(key) for key in keys]


class MemberByUserIdLoader(InBulkLoader):
    context_key = "loyalty_member_by_user_id"
    model = Member
    field_name = "user_id"


class TierByIdLoader(InBulkLoader):
    context_key = "loyalty_tier_by_id"
    model = Tier


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


class ProductAccessByProductIdLoader(InBulkLoader):
    """The member-only rule of products (None: open to all)."""

    context_key = "loyalty_product_access_by_product_id"
    model = ProductAccess
    field_name = "product_id"


class MemberPricesByVariantIdLoader(DataLoader):
    """Every tier's member price of variants, lowest rank first (for staff)."""

    context_key = "loyalty_member_prices_by_variant_id"

    def batch_load(self, keys):
        by_variant = {key: [] for key in keys}
        rows = MemberPrice.objects.filter(variant_id__in=keys).select_related("tier")
        for row in rows.order_by("tier__rank"):
            by_variant[row.variant_id].append(row)
        return [by_variant[key] for key in keys]


REQUESTER = 0  # RequesterTierLoader's only key


class RequesterTierLoader(DataLoader):
    """The requesting customer's tier (None: not a member); load REQUESTER."""

    context_key = "loyalty_requester_tier"

    def batch_load(self, keys):
        user_id = customer_id(self.context.user)
        member = (
            Member.objects.filter(user_id=user_id).select_related("tier").first()
            if user_id is not None
            else None
        )
        tier = member.tier if member else None
        return [tier for _ in keys]


class RequesterPricingLoader(DataLoader):
    """The requesting customer's member pricing, for the variants asked about."""

    context_key = "loyalty_requester_pricing"

    def batch_load(self, keys):
        user_id = customer_id(self.context.user)
        return RequesterTierLoader(self.context).load(REQUESTER).then(
            lambda tier: [tier_pricing(user_id, tier, keys)] * len(keys)
        )


class LastSegmentRunLoader(DataLoader):
    """The last segment run (load any key, e.g. 0): when the RFM snapshot was computed."""

    context_key = "loyalty_last_segment_run"

    def batch_load(self, keys):
        run = SegmentRun.objects.first()
        return [run for _key in keys]
