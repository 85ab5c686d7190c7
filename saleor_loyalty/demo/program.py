"""Demo program: tiers and members on top of Saleor's demo shop."""
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import List

from django.db import transaction
from django.utils import timezone

from saleor_loyalty.catalogue import member_only as member_products
from saleor_loyalty.catalogue import member_prices as pricing
from saleor_loyalty.core.program import PLUGIN_ID, default_configuration, load_program
from saleor_loyalty.demo import year_plan
from saleor_loyalty.demo.audiences import create_demo_audiences
from saleor_loyalty.demo.journeys import create_demo_journeys
from saleor_loyalty.host import demo as host_demo
from saleor_loyalty.host import plugins as host_plugins
from saleor_loyalty.host import shop as host_shop
from saleor_loyalty.insight import paid_orders
from saleor_loyalty.insight.segments import compute_segments
from saleor_loyalty.members import enrolment, joining
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.adjustments import adjust_points
from saleor_loyalty.points.backfill import backfill_orders
from saleor_loyalty.tiers import paid_membership, qualification
from saleor_loyalty.tiers.models import Tier, TierQualification

# A pyramid by share (80 / 16 / 3.2 / 0.8 % of the members, by lifetime points), each
# tier's threshold a floor under its share.
DEMO_TIERS = [
    ("Member", "member", 0, Decimal(0), None, Decimal("1.0"), Decimal(0),
     ["Points on every order", "Birthday gift"]),
    ("Silver", "silver", 1, Decimal(100), Decimal(20), Decimal("1.25"), Decimal(0),
     ["25% more points", "Member prices"]),
    ("Gold", "gold", 2, Decimal(300), Decimal(4), Decimal("1.5"), Decimal(5),
     ["50% more points", "5% off every order", "Gold-only products"]),
    ("Black", "black", 3, Decimal(750), Decimal("0.8"), Decimal("2.0"), Decimal(10),
     ["Double points", "10% off every order", "All member-only products"]),
]


@transaction.atomic
def create_demo_tiers() -> List[Tier]:
    tiers = []
    for name, slug, rank, threshold, top_percent, multiplier, discount, benefits in DEMO_TIERS:
        tier, _ = Tier.objects.update_or_create(
            slug=slug,
            defaults=dict(
                name=name,
                rank=rank,
                qualification=TierQualification.LIFETIME_POINTS,
                threshold=threshold,
                top_percent=top_percent,
                earn_multiplier=multiplier,
                discount_percent=discount,
                benefits=benefits,
            ),
        )
        tiers.append(tier)
    return tiers


# Welcome bonuses that spread the demo members over the tiers.
DEMO_BONUSES = [0, 150, 400, 900, 2500]
# The demo members joined this long ago (the year of history, demo/year.py, is around them).
DEMO_MEMBERS_JOINED_DAYS_AGO = 180


def sell_black_tier(tiers: List[Tier]) -> Tier:
    black = next(t for t in tiers if t.slug == "black")
    variant = host_demo.membership_variant("Black membership", Decimal("99.00"))
    return paid_membership.set_paid_membership(black, variant.pk, 365, variant_given=True)


def _joined_at():
    return timezone.now() - timedelta(days=DEMO_MEMBERS_JOINED_DAYS_AGO)


def spread_over_tiers(demo_members: List[Member]) -> List[Member]:
    program = load_program()
    now = _joined_at()
    for index, member in enumerate(demo_members):
        bonus = DEMO_BONUSES[index % len(DEMO_BONUSES)]
        if bonus:
            adjust_points(member, bonus, "Demo welcome bonus", None, program, now,
                          idempotency_key=f"demo-bonus-{member.pk}")
    return as_now(demo_members)


def as_now(members: List[Member]) -> List[Member]:
    """`members` read again, with their tiers."""
    return list(Member.objects.filter(pk__in=[m.pk for m in members]).select_related("tier"))


def enrol_demo_members(share: float = 0.5) -> List[Member]:
    """Every other customer of Saleor's demo joins; the rest stay guests to compare with
    (the customers of the year of history have their own plan)."""
    program = load_program()
    now = _joined_at()
    customers = list(host_demo.demo_customers(excluding_domain=year_plan.EMAIL_DOMAIN))
    joined = []
    for customer in customers[: int(len(customers) * share)]:
        member = enrolment.get_member(customer)
        if member is None:
            member = joining.join(customer, program, today=now.date(), now=now)
        joined.append(member)
    return joined


def credit_demo_history() -> int:
    """Points for the demo members' orders from Saleor's demo data (idempotent)."""
    return backfill_orders(load_program())


# Member prices as a share of the shop price, per tier (the tiers above inherit them).
DEMO_PRICE_SHARES = {"silver": Decimal("0.90"), "gold": Decimal("0.80")}
# What one unit of the demo shop's other currencies counts as in its base currency (USD):
# a PLN order earns and counts in tiers as a quarter of its amount in USD would.
DEMO_CURRENCY_RATES = {"PLN": Decimal("0.25")}
# Member-only products, by the tier that may buy them.
DEMO_MEMBER_ONLY_TIERS = ["silver", "gold", "black"]


def set_demo_member_prices(tiers: List[Tier], count: int = 12) -> int:
    """Silver and Gold prices on `count` demo variants, in each currency the shop sells
    them in (idempotent); the number of variants priced."""
    by_slug = {tier.slug: tier for tier in tiers}
    variants = host_demo.demo_variants(count)
    for variant, price in variants:
        for slug, share in DEMO_PRICE_SHARES.items():
            pricing.set_member_price(variant.pk, by_slug[slug], price.amount * share, price.currency)
    return len({variant.pk for variant, _ in variants})


def set_demo_currency_rules() -> str:
    """`currencyRules` for the shop's currencies other than the program's that the demo
    knows a rate for (Saleor 3's demo sells in USD and PLN), unless the merchant set
    some already; the rules saved."""
    program = load_program()
    others = sorted(set(DEMO_CURRENCY_RATES) & (host_shop.shop_currencies() - {program.currency}))
    if program.currency_rules or not others:
        return ""
    rules = ", ".join(
        f"{code}:{program.points_per_currency_unit * DEMO_CURRENCY_RATES[code]}:"
        f"{DEMO_CURRENCY_RATES[code]}"
        for code in others
    )
    stored = host_plugins.get_plugin_configuration(PLUGIN_ID)
    configuration = [item for item in (stored[1] if stored else default_configuration())
                     if item["name"] != "currencyRules"]
    host_plugins.save_plugin_configuration(
        PLUGIN_ID, [*configuration, {"name": "currencyRules", "value": rules}])
    return rules


def make_demo_member_only_products(tiers: List[Tier]) -> List[str]:
    """One product each for Silver, Gold and Black members, in stock (idempotent)."""
    by_slug = {tier.slug: tier for tier in tiers}
    products = host_demo.demo_products_for_members(len(DEMO_MEMBER_ONLY_TIERS))
    host_demo.stock_products(products)
    for product, slug in zip(products, DEMO_MEMBER_ONLY_TIERS):
        member_products.set_member_only(product.pk, by_slug[slug])
    return [f"{product.name} ({by_slug[slug].name})" for product, slug in zip(products, DEMO_MEMBER_ONLY_TIERS)]


@dataclass
class DemoProgram:
    tiers: List[Tier]
    members: List[Member]
    orders: int
    priced: int
    member_only: List[str]
    journeys: List[str]
    audiences: List[str]


def load_demo_program() -> DemoProgram:
    """The loyalty demo program on top of the shop's catalogue and customers: what
    `loyalty_demo` loads after Saleor's demo shop (idempotent)."""
    host_demo.enable_demo_logins()
    set_demo_currency_rules()
    tiers = create_demo_tiers()
    sell_black_tier(tiers)
    demo_members = spread_over_tiers(enrol_demo_members())
    orders = credit_demo_history()
    priced = set_demo_member_prices(tiers)
    member_only = make_demo_member_only_products(tiers)
    # Saleor's demo orders are written without its order hooks, as an import is.
    paid_orders.reconcile()
    # The shares of the percentile tiers are set by a review.
    qualification.review_tiers(load_program(), timezone.now())
    compute_segments(load_program(), timezone.now())
    journeys = [journey.name for journey in create_demo_journeys()]
    return DemoProgram(tiers, demo_members, orders, priced, member_only, journeys,
                       create_demo_audiences())
