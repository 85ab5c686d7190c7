from saleor_loyalty.catalogue.member_prices import tier_pricing
from saleor_loyalty.catalogue.models import MemberPrice, ProductAccess
from saleor_loyalty.graphql.core.dataloaders import InBulkLoader
from saleor_loyalty.host.graphql import DataLoader
from saleor_loyalty.host.products import customer_id
from saleor_loyalty.members.models import Member


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
    """The requesting customer's member pricing, for the (variant id, currency) keys asked
    about: one query per currency."""

    context_key = "loyalty_requester_pricing"

    def batch_load(self, keys):
        user_id = customer_id(self.context.user)

        def pricings(tier):
            by_currency = {
                currency: tier_pricing(
                    user_id, tier, [pk for pk, key_currency in keys if key_currency == currency],
                    currency)
                for currency in {currency for _, currency in keys}
            }
            return [by_currency[currency] for _, currency in keys]

        return RequesterTierLoader(self.context).load(REQUESTER).then(pricings)
