"""The points mall: rewards bought with points, delivered as member coupons.

A VOUCHER reward is a code of a fixed value off the whole order; a PRODUCT reward is a
code for one unit of a variant's product for free. Saleor 2.10 vouchers target
products, not variants, and take the cheapest unit of the product in the checkout: so
a PRODUCT reward needs a product with one variant (checked when it is saved and when it
is redeemed), and its code is refused on a checkout holding another variant of the
product (one added after the code was bought). Redeeming locks the member and then the
reward row, so concurrent redemptions can neither oversell the stock nor overspend the
balance.
"""
from datetime import datetime
from decimal import Decimal
from typing import Iterable, Optional

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector, loyalty_error
from saleor_loyalty.core.program import Program
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons.models import Coupon, CouponKind, Reward, RewardKind
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host import products as host_products
from saleor_loyalty.host.discounts import VoucherTerms
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger

MAX_VALUE = Decimal(10 ** 6)
FIELDS = ("name", "description", "kind", "points_cost", "variant", "discount_value",
          "minimum_tier", "stock")


def _validate(data: dict):
    errors = ErrorCollector()
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", LoyaltyErrorCode.REQUIRED, "Give the reward a name.")
    elif len(name) > 250:
        errors.add("name", LoyaltyErrorCode.INVALID, "A name has at most 250 characters.")
    cost = data.get("points_cost")
    if cost is None:
        errors.add("points_cost", LoyaltyErrorCode.REQUIRED, "Give the points cost.")
    elif not 0 < cost <= ledger.MAX_POINTS:
        errors.add("points_cost", LoyaltyErrorCode.INVALID,
                   f"The points cost is between 1 and {ledger.MAX_POINTS}.")
    stock = data.get("stock")
    if stock is not None and not 0 <= stock <= ledger.MAX_POINTS:
        errors.add("stock", LoyaltyErrorCode.INVALID, "Stock is 0 or more; leave it out for unlimited.")
    kind = data.get("kind")
    if kind is None:
        errors.add("kind", LoyaltyErrorCode.REQUIRED, "Choose VOUCHER or PRODUCT.")
    elif kind == RewardKind.VOUCHER:
        value = data.get("discount_value")
        if value is None:
            errors.add("discount_value", LoyaltyErrorCode.REQUIRED, "A voucher reward needs its value.")
        elif not 0 < value <= MAX_VALUE:
            errors.add("discount_value", LoyaltyErrorCode.INVALID,
                       f"The value is above 0 and at most {MAX_VALUE}.")
    elif data.get("variant") is None:
        errors.add("variant", LoyaltyErrorCode.REQUIRED, "A product reward needs its variant.")
    else:
        variants = len(host_products.variants_of_same_product(data["variant"].pk))
        if variants > 1:
            errors.add(
                "variant", LoyaltyErrorCode.PRODUCT_HAS_SEVERAL_VARIANTS,
                f"This product has {variants} variants, and Saleor's vouchers cannot tell "
                "them apart: a product reward needs a product with one variant (or use a "
                "VOUCHER reward).",
            )
    errors.raise_if_any()


def save_reward(reward: Optional[Reward], changes: dict) -> Reward:
    """Create (reward None) or change a reward; fields left out stay as they are."""
    reward = reward or Reward()
    data = {field: getattr(reward, field, None) for field in FIELDS}
    data.update({k: v for k, v in changes.items() if k in FIELDS})
    if "stock" in changes:
        data["stock"] = changes["stock"]  # null sets unlimited
    data["variant"] = data["variant"] if data.get("kind") == RewardKind.PRODUCT else None
    data["discount_value"] = (
        data["discount_value"] if data.get("kind") == RewardKind.VOUCHER else None
    )
    _validate(data)
    for field, value in data.items():
        setattr(reward, field, value.strip() if isinstance(value, str) else value)
    reward.description = reward.description or ""
    reward.save()
    return reward


def delete_reward(reward: Reward) -> Reward:
    """Remove a reward from the mall; coupons already bought from it stay valid."""
    reward_id = reward.pk
    reward.delete()
    reward.pk = reward_id
    return reward


def _check_tier(member: Member, reward: Reward):
    if reward.minimum_tier_id is None:
        return
    rank = member.tier.rank if member.tier_id else None
    if rank is None or rank < reward.minimum_tier.rank:
        raise loyalty_error(
            LoyaltyErrorCode.TIER_TOO_LOW,
            f"This reward is for {reward.minimum_tier.name} members and above.", "id",
        )


def _check_single_variant(reward: Reward):
    """A PRODUCT reward whose product has gained variants is not sold until it is fixed."""
    if reward.kind == RewardKind.PRODUCT and len(
            host_products.variants_of_same_product(reward.variant_id)) > 1:
        raise loyalty_error(
            LoyaltyErrorCode.PRODUCT_HAS_SEVERAL_VARIANTS,
            "This reward is not available: its product now comes in several variants.", "id",
        )


def check_reward_variant(code: Optional[str], variant_ids: Iterable[int]):
    """Refuse (COUPON_WRONG_VARIANT) a product reward's code on a checkout that holds
    another variant of its product, which Saleor's voucher could make free instead."""
    voucher_id = host_discounts.voucher_id_for_code(code)
    reward = voucher_id and (
        Reward.objects.filter(coupons__voucher_id=voucher_id, kind=RewardKind.PRODUCT).first()
    )
    if not reward:
        return
    others = host_products.variants_of_same_product(reward.variant_id) - {reward.variant_id}
    if others & set(variant_ids):
        raise loyalty_error(
            LoyaltyErrorCode.COUPON_WRONG_VARIANT,
            f"This code is for one \"{reward.name}\", not for another variant of the "
            "product: buy other variants in a separate order.",
            "promoCode",
        )


def _terms(reward: Reward, program: Program, now: datetime) -> VoucherTerms:
    valid_until = coupons.end_of_day(timezone.localdate(now), program.reward_coupon_days)
    if reward.kind == RewardKind.PRODUCT:
        return VoucherTerms(
            name=reward.name, value_type=host_discounts.PERCENTAGE, value=Decimal(100),
            valid_from=now, valid_until=valid_until,
            product_id=min(host_products.product_ids_of_variants([reward.variant_id])),
        )
    return VoucherTerms(
        name=reward.name, value_type=host_discounts.FIXED, value=reward.discount_value,
        valid_from=now, valid_until=valid_until,
    )


def redeem_reward(member: Member, reward_id: int, program: Program, now: datetime) -> Coupon:
    """Buy a reward with points: checks tier, stock and balance under row locks."""
    if not program.active:
        raise loyalty_error(LoyaltyErrorCode.PROGRAM_INACTIVE, "The loyalty program is not active.")
    with transaction.atomic():
        locked = ledger.lock_member(member.pk)
        reward = (
            Reward.objects.select_for_update(of=("self",)).select_related("minimum_tier")
            .filter(pk=reward_id).first()
        )
        if reward is None:
            raise loyalty_error(LoyaltyErrorCode.NOT_FOUND, "There is no such reward.", "id")
        _check_tier(locked, reward)
        if reward.stock is not None and reward.stock <= 0:
            raise loyalty_error(LoyaltyErrorCode.OUT_OF_STOCK, "This reward is sold out.", "id")
        _check_single_variant(reward)
        key = f"reward:{reward.pk}:{member.pk}:{now.timestamp()}:{coupons.new_code()}"
        row, lots = coupons.spend_points_for(
            locked, key, reward.points_cost, now,
            reason=f"Points mall: {reward.name}",
        )
        if reward.stock is not None:
            Reward.objects.filter(pk=reward.pk).update(stock=F("stock") - 1)
        return coupons.issue(
            locked, CouponKind.REWARD, f"reward:{row.pk}", _terms(reward, program, now), now,
            reward=reward, points_spent=reward.points_cost, spent_lots=lots,
        )
