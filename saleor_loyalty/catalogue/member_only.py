"""Member-only products: who may see and buy them.

A product with a `ProductAccess` row is member-only: members whose tier ranks at or
above its minimum tier see and buy it; everybody else (guests, non-members, members
below the tier) neither finds it in any listing nor can put it in a checkout or
complete a checkout holding it. Staff who manage products see everything.

Early access: a rule with `public_from` holds only until that moment; from then on the
product is public, for everybody. No job opens it: every check compares `public_from`
with the time of the request, so the product opens on the second.
"""
from datetime import datetime
from datetime import timezone as dt_timezone
from typing import Iterable, Optional

from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone

from saleor_loyalty.catalogue.models import ProductAccess
from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.host import products as host_products
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import Tier


def _within_tier_of(user_id: int) -> Q:
    """Products whose minimum tier ranks at or below the customer's own tier."""
    rank = Subquery(
        Member.objects.filter(user_id=user_id, tier__isnull=False).values("tier__rank")[:1]
    )
    return Q(loyalty_access__minimum_tier__rank__lte=rank)


def _open_to_all(now: datetime) -> Q:
    """Products with no member-only rule, or whose early access is over at `now`."""
    return Q(loyalty_access__isnull=True) | Q(loyalty_access__public_from__lte=now)


def _restricted_at(now: datetime) -> Q:
    """Condition on ProductAccess rows that still hold at `now`."""
    return Q(public_from__isnull=True) | Q(public_from__gt=now)


def is_public(public_from: Optional[datetime], now: datetime) -> bool:
    """Whether a member-only rule's early access is over at `now` (never without a date)."""
    return public_from is not None and public_from <= now


def visible_products_filter(user) -> Q:
    """Condition on Saleor's Product rows `user` may see now (staff are not filtered here)."""
    open_to_all = _open_to_all(timezone.now())
    user_id = host_products.customer_id(user)
    if user_id is None:
        return open_to_all
    return open_to_all | _within_tier_of(user_id)


def member_rank(user_id: Optional[int]) -> Optional[int]:
    if user_id is None:
        return None
    return (
        Member.objects.filter(user_id=user_id, tier__isnull=False)
        .values_list("tier__rank", flat=True)
        .first()
    )


def may_buy(minimum_rank: Optional[int], rank: Optional[int]) -> bool:
    """Whether a customer of tier `rank` (None: not a member) may buy a product whose
    minimum tier ranks `minimum_rank` (None: open to all)."""
    return minimum_rank is None or (rank is not None and rank >= minimum_rank)


def check_purchase(user_id: Optional[int], variant_ids: Iterable[int],
                   now: Optional[datetime] = None):
    """Refuse (TIER_TOO_LOW) variants of member-only products above the customer's tier
    (products whose early access is over at `now`, default the present, are open to all).

    `variant_ids` may be a queryset: one query finds the restricted products, a second
    one (only then) the customer's tier."""
    restricted = list(
        ProductAccess.objects.filter(product_id__in=host_products.products_of_variants(variant_ids))
        .filter(_restricted_at(now or timezone.now()))
        .select_related("minimum_tier")
        .order_by("minimum_tier__rank", "product_id")
    )
    if not restricted:
        return
    rank = member_rank(user_id)
    refused = [access for access in restricted if not may_buy(access.minimum_tier.rank, rank)]
    if refused:
        access = refused[-1]
        tier = access.minimum_tier
        until = f" until {access.public_from:%Y-%m-%d %H:%M %Z}" if access.public_from else ""
        who = "Sign in as a member" if user_id is None else "Reach that tier"
        raise loyalty_error(
            LoyaltyErrorCode.TIER_TOO_LOW,
            f"Some products are for {tier.name} members and above{until}. {who} to buy them.",
            "lines",
        )


def set_member_only(product_id: int, minimum_tier: Optional[Tier],
                    public_from: Optional[datetime] = None) -> Optional[ProductAccess]:
    """Make a product member-only from `minimum_tier` up (until `public_from`, when
    given: early access), or open to all (None)."""
    if minimum_tier is None and public_from is not None:
        raise loyalty_error(
            LoyaltyErrorCode.INVALID,
            "A launch date needs a minimum tier: early access is for members of a tier.",
            "publicFrom",
        )
    if public_from is not None and timezone.is_naive(public_from):
        public_from = timezone.make_aware(public_from, dt_timezone.utc)
    with transaction.atomic():
        if minimum_tier is None:
            ProductAccess.objects.filter(product_id=product_id).delete()
            return None
        access, _ = ProductAccess.objects.update_or_create(
            product_id=product_id,
            defaults={"minimum_tier": minimum_tier, "public_from": public_from},
        )
    return access


def exclusive_products(user, sees_everything: bool):
    """Products member-only now that `user` may buy (every one of them for staff)."""
    now = timezone.now()
    member_only_now = Q(loyalty_access__isnull=False) & (
        Q(loyalty_access__public_from__isnull=True) | Q(loyalty_access__public_from__gt=now)
    )
    if sees_everything:
        return host_products.all_products().filter(member_only_now)
    user_id = host_products.customer_id(user)
    products = host_products.published_products().filter(member_only_now)
    return products.none() if user_id is None else products.filter(_within_tier_of(user_id))

