from enum import Enum


class LoyaltyErrorCode(Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    PERMISSION_DENIED = "permission_denied"
    NOT_A_MEMBER = "not_a_member"
    ALREADY_MEMBER = "already_member"
    INSUFFICIENT_POINTS = "insufficient_points"
    BELOW_MINIMUM_REDEMPTION = "below_minimum_redemption"
    TIER_TOO_LOW = "tier_too_low"
    OUT_OF_STOCK = "out_of_stock"
    ALREADY_CHECKED_IN = "already_checked_in"
    INVALID_REFERRAL_CODE = "invalid_referral_code"
    SELF_REFERRAL = "self_referral"
    REFERRAL_CYCLE = "referral_cycle"
    COUPON_NOT_OWNED = "coupon_not_owned"
    DUPLICATE = "duplicate"
    PROGRAM_INACTIVE = "program_inactive"
    NOT_PURCHASABLE = "not_purchasable"
    PRODUCT_HAS_SEVERAL_VARIANTS = "product_has_several_variants"
    COUPON_WRONG_VARIANT = "coupon_wrong_variant"
