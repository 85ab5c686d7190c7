from saleor_loyalty.graphql.core.dataloaders import InBulkLoader
from saleor_loyalty.host.graphql import DataLoader
from saleor_loyalty.host.products import variant_prices
from saleor_loyalty.tiers.models import Tier


class TierByIdLoader(InBulkLoader):
    context_key = "loyalty_tier_by_id"
    model = Tier


class VariantPriceLoader(DataLoader):
    """The catalogue price (prices.Money) of variants, e.g. of paid memberships."""

    context_key = "loyalty_variant_price"

    def batch_load(self, keys):
        prices = variant_prices(keys)
        return [prices.get(key) for key in keys]
