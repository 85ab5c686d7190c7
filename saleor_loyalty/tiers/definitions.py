"""Staff management of tiers: create, change and remove membership levels."""
from decimal import Decimal
from typing import Optional

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from saleor_loyalty.catalogue.models import ProductAccess
from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector, loyalty_error
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import (
    MembershipPurchase,
    Tier,
    TierChange,
    TierChangeReason,
    TierQualification,
)

MAX_RANK = 1000
MAX_THRESHOLD = Decimal("1e12")
MAX_MULTIPLIER = Decimal(100)
MAX_BENEFITS = 20
MAX_BENEFIT_LENGTH = 250
TOP_PERCENT_STEP = Decimal("0.0001")  # Tier.top_percent keeps 4 decimals


def _clean(tier: Tier, data: dict, errors: ErrorCollector):
    """Copy the given fields onto `tier`, collecting an error for each bad one."""
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name or len(name) > 100:
            errors.add("name", LoyaltyErrorCode.REQUIRED if not name else LoyaltyErrorCode.INVALID,
                       "A tier needs a name of at most 100 characters.")
        tier.name = name
    if data.get("slug") is not None or (tier.pk is None and tier.name):
        tier.slug = slugify(data.get("slug") or tier.name)
        if not tier.slug:
            errors.add("slug", LoyaltyErrorCode.INVALID, "A slug needs letters or digits.")
    if data.get("rank") is not None:
        if not 0 <= data["rank"] <= MAX_RANK:
            errors.add("rank", LoyaltyErrorCode.INVALID, f"Rank is 0 to {MAX_RANK}.")
        tier.rank = data["rank"]
    if data.get("qualification") is not None:
        tier.qualification = TierQualification(data["qualification"])
    if data.get("threshold") is not None:
        threshold = data["threshold"]
        if not threshold.is_finite() or not 0 <= threshold <= MAX_THRESHOLD:
            errors.add("threshold", LoyaltyErrorCode.INVALID, "Threshold is 0 or more.")
        tier.threshold = threshold
    if data.get("earn_multiplier") is not None:
        multiplier = Decimal(str(data["earn_multiplier"]))
        if not multiplier.is_finite() or not 0 < multiplier <= MAX_MULTIPLIER:
            errors.add("earnMultiplier", LoyaltyErrorCode.INVALID,
                       f"Earn multiplier is above 0 and at most {MAX_MULTIPLIER}.")
        tier.earn_multiplier = multiplier
    if data.get("discount_percent") is not None:
        discount = data["discount_percent"]
        if not discount.is_finite() or not 0 <= discount <= 100:
            errors.add("discountPercent", LoyaltyErrorCode.INVALID, "Discount is 0 to 100 percent.")
        tier.discount_percent = discount
    if "top_percent" in data:
        _clean_top_percent(tier, data["top_percent"], errors)
    if data.get("benefits") is not None:
        benefits = [b.strip() for b in data["benefits"]]
        if len(benefits) > MAX_BENEFITS or any(
            not b or len(b) > MAX_BENEFIT_LENGTH for b in benefits
        ):
            errors.add("benefits", LoyaltyErrorCode.INVALID,
                       f"Up to {MAX_BENEFITS} benefits of 1 to {MAX_BENEFIT_LENGTH} characters.")
        tier.benefits = benefits


def _clean_top_percent(tier: Tier, top_percent: Optional[Decimal], errors: ErrorCollector):
    """A percentile tier's share (null: by threshold alone); a change resets the share's
    cutoff, so the tier takes nobody by share until the next review sets it again."""
    if top_percent is not None and (
        not top_percent.is_finite() or not 0 < top_percent <= 100
        or top_percent != top_percent.quantize(TOP_PERCENT_STEP)
    ):
        errors.add("topPercent", LoyaltyErrorCode.INVALID,
                   "Top percent is above 0 and at most 100, with at most 4 decimals.")
        return
    if top_percent != tier.top_percent:
        tier.top_percent = top_percent
        tier.share_cutoff = tier.share_cutoff_member = tier.share_reviewed_at = None


def _check_against_other_tiers(tier: Tier, errors: ErrorCollector):
    others = Tier.objects.exclude(pk=tier.pk) if tier.pk else Tier.objects.all()
    if tier.slug and others.filter(slug=tier.slug).exists():
        errors.add("slug", LoyaltyErrorCode.DUPLICATE, "Another tier has this slug.")
    if others.filter(rank=tier.rank).exists():
        errors.add("rank", LoyaltyErrorCode.DUPLICATE, "Another tier has this rank.")
    same_measure = others.filter(qualification=tier.qualification)
    if tier.top_percent is None:
        # Thresholds rise with rank among the tiers that qualify by threshold alone.
        by_threshold = same_measure.filter(top_percent=None)
        if by_threshold.filter(rank__lt=tier.rank, threshold__gte=tier.threshold).exists() or \
                by_threshold.filter(rank__gt=tier.rank, threshold__lte=tier.threshold).exists():
            errors.add("threshold", LoyaltyErrorCode.INVALID,
                       "A higher rank needs a higher threshold than the tiers below it.")
        return
    # Shares narrow with rank among percentile tiers (top 20 %, then top 4 %, ...).
    by_share = same_measure.exclude(top_percent=None)
    if by_share.filter(rank__lt=tier.rank, top_percent__lte=tier.top_percent).exists() or \
            by_share.filter(rank__gt=tier.rank, top_percent__gte=tier.top_percent).exists():
        errors.add("topPercent", LoyaltyErrorCode.INVALID,
                   "A higher rank needs a smaller top percent than the percentile tiers "
                   "below it on the same measure.")


def _save(tier: Tier, data: dict) -> Tier:
    errors = ErrorCollector()
    _clean(tier, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        # Serialize tier edits so two staff members cannot both take a rank or slug.
        list(Tier.objects.select_for_update().values_list("pk", flat=True))
        _check_against_other_tiers(tier, errors)
        errors.raise_if_any()
        tier.save()
    return tier


def create_tier(data: dict) -> Tier:
    if not (data.get("name") or "").strip():
        raise loyalty_error(LoyaltyErrorCode.REQUIRED, "A tier needs a name.", "name")
    tier = Tier(rank=data.get("rank") if data.get("rank") is not None else _next_rank())
    return _save(tier, data)


def _next_rank() -> int:
    last = Tier.objects.order_by("-rank").values_list("rank", flat=True).first()
    return 0 if last is None else last + 1


def update_tier(tier: Tier, data: dict) -> Tier:
    return _save(tier, data)


def _replacement(tier: Tier) -> Optional[Tier]:
    lower = Tier.objects.filter(rank__lt=tier.rank).order_by("-rank").first()
    return lower or Tier.objects.filter(rank__gt=tier.rank).order_by("rank").first()


def delete_tier(tier: Tier) -> Tier:
    """Remove a tier; its members move to the next lower tier (or the next higher)."""
    with transaction.atomic():
        members = Member.objects.select_for_update().filter(tier=tier).order_by("pk")
        member_ids = list(members.values_list("pk", flat=True))
        replacement = _replacement(tier)
        if member_ids and replacement is None:
            raise loyalty_error(LoyaltyErrorCode.INVALID,
                                "The only tier cannot be removed while it has members.", "id")
        if ProductAccess.objects.filter(minimum_tier=tier).exists():
            raise loyalty_error(LoyaltyErrorCode.INVALID,
                                "Member-only products need this tier: change them first.", "id")
        if tier.rewards.exists():
            raise loyalty_error(LoyaltyErrorCode.INVALID,
                                "Points-mall rewards need this tier: change them first.", "id")
        if MembershipPurchase.objects.filter(tier=tier).exists():
            raise loyalty_error(LoyaltyErrorCode.INVALID,
                                "Members bought this tier: stop selling it instead.", "id")
        now = timezone.now()
        Member.objects.filter(pk__in=member_ids).update(tier=replacement, tier_since=now,
                                                        below_tier_since=None)
        TierChange.objects.bulk_create(
            TierChange(member_id=pk, from_tier=tier, to_tier=replacement,
                       reason=TierChangeReason.TIER_REMOVED, created_at=now)
            for pk in member_ids
        )
        removed_id = tier.pk
        tier.delete()
        tier.pk = removed_id
    return tier
