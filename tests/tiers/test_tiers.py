"""Tier upgrades as points land, downgrades at the review after a grace period, paid tiers."""
from datetime import timedelta
from decimal import Decimal

import graphene
import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.product.models import ProductType, ProductVariant

from saleor_loyalty.core.program import load_program
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.tiers import qualification
from saleor_loyalty.tiers.models import Tier, TierChange
from tests.fixtures.api import gid
from tests.fixtures.loyalty import configure_program, credit_points, make_member

TIER_QUERY = "{ me { loyalty { pointsBalance lifetimePoints tier { name } paidTierUntil tierHistory { fromTier { name } toTier { name } reason } } } }"


@pytest.fixture
def ladder(entry_tier):
    silver = Tier.objects.create(name="Silver", slug="silver", rank=1, threshold=Decimal(40))
    gold = Tier.objects.create(name="Gold", slug="gold", rank=2, threshold=Decimal(2000))
    return entry_tier, silver, gold


def test_earning_enough_lifetime_points_upgrades_at_once(customer_api, member, ladder, shop, order_placer, order_desk):
    configure_program(returnWindowDays="0")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])
    tier_while_pending = customer_api.query(TIER_QUERY)["me"]["loyalty"]["tier"]

    order_desk.fulfill(order)

    loyalty = customer_api.query(TIER_QUERY)["me"]["loyalty"]
    assert tier_while_pending == {"name": "Member"}
    assert loyalty["tier"] == {"name": "Silver"}
    assert loyalty["pointsBalance"] == 50  # kept
    assert loyalty["tierHistory"] == [
        {"fromTier": {"name": "Member"}, "toTier": {"name": "Silver"}, "reason": "UPGRADE"},
        {"fromTier": None, "toTier": {"name": "Member"}, "reason": "JOINED"},
    ]


def test_the_release_job_upgrades_members_whose_points_land(customer_api, member, ladder, shop, order_placer, order_desk):
    from saleor_loyalty.points import tasks as points_tasks

    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])
    order_desk.fulfill(order)

    with freeze_time(timezone.now() + timedelta(days=15)):
        points_tasks.release_due_points_task()

    member.refresh_from_db()
    assert member.tier.name == "Silver"


def test_reset_mode_empties_the_balance_on_upgrade_but_keeps_lifetime_points(
    customer_api, member, ladder, shop, order_placer, order_desk
):
    configure_program(returnWindowDays="0", pointsOnUpgrade="reset")
    shirt = shop.add_variant("Shirt", "25.00")
    order = order_placer(customer_api, [(shirt, 2)])

    order_desk.fulfill(order)

    loyalty = customer_api.query(TIER_QUERY)["me"]["loyalty"]
    assert loyalty["tier"] == {"name": "Silver"}
    assert (loyalty["pointsBalance"], loyalty["lifetimePoints"]) == (0, 50)
    assert PointsTransaction.objects.get(kind="reset").points == -50


def test_spend_and_order_count_tiers_upgrade_when_the_order_is_paid(customer_api, member, entry_tier, shop, order_placer):
    Tier.objects.create(name="Spender", slug="spender", rank=1, qualification="rolling_spend", threshold=Decimal(100))
    Tier.objects.create(name="Regular", slug="regular", rank=2, qualification="order_count", threshold=Decimal(3))
    shirt = shop.add_variant("Shirt", "25.00")

    order_placer(customer_api, [(shirt, 4)])  # 110 paid
    after_spend = customer_api.query(TIER_QUERY)["me"]["loyalty"]["tier"]
    order_placer(customer_api, [(shirt, 1)])
    order_placer(customer_api, [(shirt, 1)])

    assert after_spend == {"name": "Spender"}
    assert customer_api.query(TIER_QUERY)["me"]["loyalty"]["tier"] == {"name": "Regular"}


def test_review_downgrades_only_after_the_grace_period(customer_user, ladder):
    _, silver, gold = ladder
    member = make_member(customer_user, tier=gold)  # holds Gold without the points
    program = configure_program(tierDowngradeGraceDays="30")
    start = timezone.now()

    qualification.review_tiers(program, start)
    member.refresh_from_db()
    graced = (member.tier.name, member.below_tier_since)
    qualification.review_tiers(program, start + timedelta(days=29))
    member.refresh_from_db()
    before_grace_ends = member.tier.name
    qualification.review_tiers(program, start + timedelta(days=31))

    member.refresh_from_db()
    assert graced == ("Gold", start)
    assert before_grace_ends == "Gold"
    assert member.tier.name == "Member"
    assert TierChange.objects.filter(member=member, reason="downgrade").count() == 1


def test_a_member_who_qualifies_again_keeps_the_tier(customer_user, ladder):
    _, silver, gold = ladder
    member = make_member(customer_user, tier=silver)
    program = load_program()
    qualification.review_tiers(program, timezone.now())
    credit_points(member, 40, "bonus:back")

    qualification.review_tiers(program, timezone.now() + timedelta(days=40))

    member.refresh_from_db()
    assert (member.tier.name, member.below_tier_since) == ("Silver", None)


def test_two_reviews_at_once_run_one(customer_user, ladder):
    from tests.fixtures.sessions import run_in_other_session_while_locked

    make_member(customer_user)

    result = run_in_other_session_while_locked(
        qualification.REVIEW_LOCK_ID,
        lambda: qualification.review_tiers(load_program(), timezone.now()),
    )

    assert result is None


PAID_SET = """
mutation($tier: ID!, $variant: ID, $days: Int) {
  loyaltyTierPaidMembershipSet(tier: $tier, variant: $variant, durationDays: $days) {
    tier { name price { amount } durationDays }
    errors { field code }
  }
}
"""


def digital_variant(shop, name, stock=1000, **variant_fields):
    """A variant of a product type that needs no shipping, stocked in the shop's warehouse."""
    digital, _ = ProductType.objects.get_or_create(
        slug="membership", defaults={"name": "Membership", "has_variants": False, "is_shipping_required": False}
    )
    variant = shop.add_variant(name, "49.00", stock=stock)
    variant.product.product_type = digital
    variant.product.save(update_fields=["product_type"])
    if variant_fields:
        ProductVariant.objects.filter(pk=variant.pk).update(**variant_fields)
    return variant


@pytest.fixture
def membership_variant(shop):
    return digital_variant(shop, "Gold membership")


@pytest.fixture
def paid_gold(ladder, membership_variant):
    """Gold sold as a 30-day membership."""
    gold = ladder[2]
    gold.paid_variant, gold.paid_duration_days = membership_variant, 30
    gold.save()
    return gold


def test_staff_sells_a_tier_and_a_purchase_holds_it_to_its_end_date(
    customer_api, member, ladder, manage_users_api, membership_variant, order_placer, shop
):
    _, _, gold = ladder
    result = manage_users_api.query(PAID_SET, {"tier": gid("LoyaltyTier", gold), "variant": gid("ProductVariant", membership_variant), "days": 365})
    shirt = shop.add_variant("Shirt", "25.00")

    order_placer(customer_api, [(membership_variant, 1), (shirt, 1)])
    loyalty = customer_api.query(TIER_QUERY)["me"]["loyalty"]
    program = load_program()
    bought_at = timezone.now()
    qualification.review_tiers(program, bought_at + timedelta(days=300))
    qualification.review_tiers(program, bought_at + timedelta(days=360))
    member.refresh_from_db()
    held_until_end = member.tier.name
    qualification.review_tiers(program, bought_at + timedelta(days=366))
    qualification.review_tiers(program, bought_at + timedelta(days=400))

    assert result["loyaltyTierPaidMembershipSet"] == {
        "tier": {"name": "Gold", "price": {"amount": 49.0}, "durationDays": 365}, "errors": []
    }
    assert loyalty["tier"] == {"name": "Gold"}
    assert loyalty["tierHistory"][0]["reason"] == "PAID"
    assert loyalty["paidTierUntil"]
    assert held_until_end == "Gold"
    member.refresh_from_db()
    assert member.tier.name == "Member"  # after the end date and the grace period


def test_renewal_extends_and_a_refund_revokes_a_paid_tier(
    customer_api, member, paid_gold, membership_variant, order_placer, order_desk
):
    first = order_placer(customer_api, [(membership_variant, 1)])
    order_placer(customer_api, [(membership_variant, 1)])
    member.refresh_from_db()
    extended = member.paid_tier_until - timezone.now()

    order_desk.refund(first, "49.00")

    member.refresh_from_db()
    assert timedelta(days=59) < extended <= timedelta(days=60)
    assert member.tier.name == "Gold"  # the renewal still holds it
    assert timedelta(days=29) < member.paid_tier_until - timezone.now() <= timedelta(days=30)


def test_refunding_the_only_purchase_ends_the_tier_at_once(
    customer_api, member, paid_gold, membership_variant, order_placer, order_desk
):
    order = order_placer(customer_api, [(membership_variant, 1)])

    order_desk.refund(order, "49.00")

    loyalty = customer_api.query(TIER_QUERY)["me"]["loyalty"]
    assert loyalty["tier"] == {"name": "Member"}
    assert loyalty["paidTierUntil"] is None
    assert loyalty["tierHistory"][0]["reason"] == "PAID_REVOKED"


def test_buying_a_membership_makes_a_customer_a_member(customer_api, customer_user, paid_gold, membership_variant, order_placer):
    order_placer(customer_api, [(membership_variant, 1)])

    assert Member.objects.get(user=customer_user).tier == paid_gold


# What makes a stocked membership variant one customers cannot check out.
NOT_PURCHASABLE = {
    "unpublished": lambda v, shop: shop.publish(v, False),
    "published_later": lambda v, shop: shop.publish(v, True, timezone.localdate() + timedelta(days=7)),
    "no_stock": lambda v, shop: v.stocks.all().delete(),
    "stock_nowhere_shipped": lambda v, shop: shop.warehouse.shipping_zones.clear(),
    "sold_out": lambda v, shop: v.stocks.update(quantity=0),
}


@pytest.mark.parametrize(
    "variant_kind, days, expected",
    [
        ("shipping", 30, [("variant", "INVALID")]),
        ("unknown", 30, [("variant", "NOT_FOUND")]),
        ("product_id", 30, [("variant", "NOT_FOUND")]),
        ("membership", 0, [("durationDays", "INVALID")]),
        ("membership", None, [("durationDays", "REQUIRED")]),
    ] + [(kind, 30, [("variant", "NOT_PURCHASABLE")]) for kind in NOT_PURCHASABLE],
)
def test_bad_paid_membership_settings_are_refused(manage_users_api, ladder, membership_variant, shop, variant_kind, days, expected):
    _, _, gold = ladder
    if variant_kind in NOT_PURCHASABLE:
        NOT_PURCHASABLE[variant_kind](membership_variant, shop)
    variants = {
        "shipping": lambda: gid("ProductVariant", shop.add_variant("Boots", "80.00")),
        "unknown": lambda: graphene.Node.to_global_id("ProductVariant", 999999),
        "product_id": lambda: gid("Product", membership_variant.product),
    }
    variant = variants.get(variant_kind, lambda: gid("ProductVariant", membership_variant))()

    result = manage_users_api.query(PAID_SET, {"tier": gid("LoyaltyTier", gold), "variant": variant, "days": days})

    assert [(e["field"], e["code"]) for e in result["loyaltyTierPaidMembershipSet"]["errors"]] == expected
    gold.refresh_from_db()
    assert gold.paid_variant_id is None


def test_a_membership_that_tracks_no_inventory_sells_with_an_empty_stock_row(manage_users_api, ladder, shop):
    _, _, gold = ladder
    variant = digital_variant(shop, "Gold pass", stock=0, track_inventory=False)

    result = manage_users_api.query(PAID_SET, {"tier": gid("LoyaltyTier", gold), "variant": gid("ProductVariant", variant), "days": 30})

    assert result["loyaltyTierPaidMembershipSet"]["errors"] == []
    gold.refresh_from_db()
    assert gold.paid_variant_id == variant.pk


def test_customers_cannot_sell_tiers(customer_api, ladder, membership_variant):
    _, _, gold = ladder

    result = customer_api.query(PAID_SET, {"tier": gid("LoyaltyTier", gold), "variant": gid("ProductVariant", membership_variant), "days": 30})

    assert [e["code"] for e in result["loyaltyTierPaidMembershipSet"]["errors"]] == ["PERMISSION_DENIED"]
