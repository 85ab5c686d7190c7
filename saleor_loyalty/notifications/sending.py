"""Member e-mails, rendered and sent now: welcome, coupon issued, campaign, tier change and
points about to expire. Only members who kept `email_notifications` on get them (Saleor 2.10
accounts have no consent field of their own); `tasks` calls this from Celery, after the
transaction that decided the e-mail committed, so a mail server that is down never fails a
mutation or a hook.
"""
from typing import Optional

from saleor_loyalty.core.currencies import round_money
from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons.models import Coupon, CouponKind
from saleor_loyalty.engagement.models import Campaign
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host.emails import send_email
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications.models import ExpiryReminder
from saleor_loyalty.tiers.models import TierChange

REASONS = {
    CouponKind.WELCOME: "Your welcome gift",
    CouponKind.BIRTHDAY: "Happy birthday",
    CouponKind.REPURCHASE: "Thank you for your order",
    CouponKind.WINBACK: "We miss you",
    CouponKind.MEMBER_DAY: "It is member day",
    CouponKind.POINTS_REDEMPTION: "Your points, turned into a code",
    CouponKind.REWARD: "Your points-mall reward",
    CouponKind.CAMPAIGN: "A gift for you",
}


def _tier_change_context(change_id: int) -> Optional[dict]:
    change = TierChange.objects.select_related("from_tier", "to_tier").filter(pk=change_id).first()
    if change is None or change.to_tier is None:
        return None
    return {
        "from_tier": change.from_tier.name if change.from_tier else None,
        "to_tier": change.to_tier.name,
        "upgrade": change.from_tier is None or change.to_tier.rank > change.from_tier.rank,
        "reason": change.get_reason_display(),
        "benefits": change.to_tier.benefits,
    }


def _reminder_context(reminder_id: int) -> Optional[dict]:
    reminder = ExpiryReminder.objects.filter(pk=reminder_id).first()
    if reminder is None:
        return None
    return {"points": reminder.points, "expires_on": reminder.expires_on}


def _coupon_context(coupon: Coupon) -> dict:
    """The coupon as its e-mail tells it (its value in the shop's default channel)."""
    voucher = host_discounts.voucher_of(coupon)
    terms = host_discounts.voucher_value(voucher)
    value = minimum_spend = None
    if terms is not None:
        if terms.value_type == host_discounts.PERCENTAGE:
            value = f"{terms.value.normalize():f}%"
        else:
            value = f"{round_money(terms.value, terms.currency)} {terms.currency}"
        if terms.minimum_spend:
            minimum_spend = f"{round_money(terms.minimum_spend, terms.currency)} {terms.currency}"
    return {
        "code": host_discounts.voucher_code(voucher),
        "value": value,
        "valid_until": coupon.valid_until,
        "minimum_spend": minimum_spend,
        "reason": REASONS.get(coupon.kind, "A gift"),
    }


def send_member_email(template: str, member_id: int, coupon_id: Optional[int] = None,
                      campaign_id: Optional[int] = None, tier_change_id: Optional[int] = None,
                      reminder_id: Optional[int] = None) -> bool:
    """Send one member e-mail now; False when the member does not want e-mails."""
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None or member.user is None or not member.email_notifications \
            or not member.user.email:
        return False
    program = load_program()
    context = {"program_name": program.name, "first_name": member.user.first_name}
    if coupon_id is not None:
        coupon = host_discounts.select_vouchers(Coupon.objects.filter(pk=coupon_id)).first()
        if coupon is not None and coupon.voucher is not None:
            context["coupon"] = _coupon_context(coupon)
    if campaign_id is not None:
        context["campaign"] = (
            Campaign.objects.filter(pk=campaign_id).values("name", "message", "bonus_points").first()
        )
    if tier_change_id is not None:
        context["tier_change"] = _tier_change_context(tier_change_id)
        if context["tier_change"] is None:
            return False
    if reminder_id is not None:
        context["expiring"] = _reminder_context(reminder_id)
        if context["expiring"] is None:
            return False
    send_email(template, member.user.email, context)
    return True
