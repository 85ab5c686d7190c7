"""The catalogue fields' loaders. A storefront page asks `Product.loyalty` and
`ProductVariant.memberPrice` of every item: each item costs one `load`, and everything
else (the requester's tier, their member prices, Saleor's prices, the member-only rules)
is read and computed once per batch, not chained item by item."""
from collections import defaultdict

from django.utils import timezone
from prices import Money as Prices

from saleor_loyalty.catalogue.member_only import is_public, may_buy
from saleor_loyalty.catalogue.member_prices import tier_pricing
from saleor_loyalty.catalogue.models import MemberPrice, ProductAccess
from saleor_loyalty.graphql.catalogue.types import ProductLoyaltyInfo
from saleor_loyalty.graphql.tiers.dataloaders import TierByIdLoader
from saleor_loyalty.host.graphql import DataLoader, variant_member_bases
from saleor_loyalty.host.products import customer_id
from saleor_loyalty.tiers.models import Tier


class MemberPricesByVariantIdLoader(DataLoader):
    """Every tier's member price of variants, lowest rank first (for staff)."""

    context_key = "loyalty_member_prices_by_variant_id"

    def batch_load(self, keys):
        by_variant = {key: [] for key in keys}
        rows = MemberPrice.objects.filter(variant_id__in=keys).select_related("tier")
        for row in rows.order_by("tier__rank"):
            by_variant[row.variant_id].append(row)
        return [by_variant[key] for key in keys]


class Requester:
    """The customer a request reads the catalogue for, read once per request (`requester`):
    their account id (None: anonymous or an app) and, when first asked, their tier (None:
    not a member; one query)."""

    def __init__(self, user):
        self.user_id = customer_id(user)
        self._tier = None
        self._tier_read = self.user_id is None

    @property
    def tier(self):
        if not self._tier_read:
            self._tier = Tier.objects.filter(members__user_id=self.user_id).first()
            self._tier_read = True
        return self._tier


def requester(context) -> Requester:
    """The request's `Requester`, kept on the request (`context`)."""
    found = getattr(context, "loyalty_requester", None)
    if found is None:
        found = context.loyalty_requester = Requester(context.user)
    return found


class ProductLoyaltyLoader(DataLoader):
    """`Product.loyalty` for the requesting customer, by product id: one query for the
    products' member-only rules and, when some product is member-only, the minimum tiers
    (TierByIdLoader) and the requester's tier. Early access is over for products whose
    `public_from` has passed at the time of the request."""

    context_key = "loyalty_product_loyalty"

    def batch_load(self, keys):
        rules = {
            product_id: (minimum_tier_id, public_from)
            for product_id, minimum_tier_id, public_from in ProductAccess.objects.filter(
                product_id__in=keys).values_list("product_id", "minimum_tier_id", "public_from")
        }
        now = timezone.now()
        restricted = any(not is_public(public_from, now) for _, public_from in rules.values())
        tier = requester(self.context).tier if restricted else None
        rank = tier.rank if tier else None
        open_to_all = ProductLoyaltyInfo(
            member_only=False, minimum_tier=None, purchasable=True, public_from=None)

        def info(minimum, public_from):
            public = is_public(public_from, now)
            return ProductLoyaltyInfo(
                member_only=not public, minimum_tier=minimum, public_from=public_from,
                purchasable=public or may_buy(minimum.rank, rank),
            )

        def build(minimum_tiers):
            by_id = {minimum.pk: minimum for minimum in minimum_tiers}
            return [
                info(by_id[rules[key][0]], rules[key][1]) if key in rules else open_to_all
                for key in keys
            ]

        loader = TierByIdLoader(self.context)
        return loader.load_many(sorted({tier_id for tier_id, _ in rules.values()})).then(build)


class RequesterMemberPriceLoader(DataLoader):
    """`ProductVariant.memberPrice` for the requesting customer, by the host's
    `variant_price_key`: what they pay for one unit in the key's channel when below the
    shop's price, exactly what Saleor charges their checkout lines (None otherwise). Beside
    Saleor's prices and the requester's tier: one query per currency."""

    context_key = "loyalty_requester_member_price"

    def batch_load(self, keys):
        return variant_member_bases(self.context, keys).then(self.prices)

    def prices(self, bases):
        variant_ids_by_currency = defaultdict(list)
        for based in bases:
            if based is not None:
                variant_id, price, _ = based
                variant_ids_by_currency[price.currency].append(variant_id)
        customer = requester(self.context)
        pricings = {
            currency: tier_pricing(customer.user_id, customer.tier, variant_ids, currency)
            for currency, variant_ids in variant_ids_by_currency.items()
        }
        return [None if based is None else member_price(pricings, *based) for based in bases]


def member_price(pricings, variant_id, price, after_promotion):
    """The member's price of one unit of the variant whose shop price is `price`, or None
    (`pricings`: the member's pricing by currency; `after_promotion`: None or the host's
    promotion to apply to it)."""
    unit = pricings[price.currency].unit_price(variant_id, price.amount)
    if unit is None:
        return None
    unit_price = Prices(unit, price.currency)
    return unit_price if after_promotion is None else after_promotion(unit_price)
