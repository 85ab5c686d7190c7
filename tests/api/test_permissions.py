"""Who may use every loyalty field: a rule per field, generated coverage from the schema.

Every loyalty field of Query and Mutation, every field the plugin adds to Saleor's
types and every field described as "Staff ..." needs at least one rule below, or
`test_every_loyalty_field_has_a_rule` fails. Each rule is run as five actors:
anonymous, the customer who owns the data, another customer, staff without the
permission and staff with it. Customers never see another member's data.
"""
import json
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Callable, Dict, Tuple

import graphene
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from graphql import GraphQLObjectType
from saleor_loyalty.graphql.api import schema
from saleor_loyalty.host.graphql import saleor_schema
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import ApiClient, gid
from tests.fixtures.loyalty import make_member
from tests.fixtures.checkout import CHECKOUT_ID_ARGUMENT as CHECKOUT_ID
from tests.fixtures.checkout import place_order
from tests.fixtures.orders import order_token
from tests.fixtures.shop import CHANNEL_ARGUMENT as CHANNEL
from tests.fixtures.shop import create_shop
from tests.fixtures.users import PASSWORD, create_customer, grant

ANON, CUSTOMER, OTHER, STAFF, STAFF_PERM = "anonymous", "customer", "other", "staff", "staff+perm"
ACTORS = (ANON, CUSTOMER, OTHER, STAFF, STAFF_PERM)
OK, DENIED = "ok", "denied"


def everyone(outcome):
    return {actor: outcome for actor in ACTORS}


STAFF_ONLY = {ANON: DENIED, CUSTOMER: DENIED, OTHER: DENIED, STAFF: DENIED, STAFF_PERM: OK}
SIGNED_IN = {ANON: DENIED, CUSTOMER: OK, OTHER: OK, STAFF: OK, STAFF_PERM: OK}
OWNER_OR_STAFF = {ANON: DENIED, CUSTOMER: OK, OTHER: DENIED, STAFF: DENIED, STAFF_PERM: OK}


@dataclass
class World:
    """What the rules act on: the customer's membership, another member, tiers, an order."""

    customer: object
    member: object
    other: object
    tier: object
    spare_tier: object

    gid = staticmethod(gid)  # tests.fixtures.api.gid, for the rules' `w.gid(...)`

    @cached_property
    def shop(self):
        return create_shop()

    @cached_property
    def variant(self):
        """A product on sale, for the catalogue fields (made only for the rules that read
        the catalogue: a shop is the costliest part of the world)."""
        return self.shop.add_variant("Permission Tee", "10.00")

    @cached_property
    def order(self):
        """The customer's paid order, placed through the checkout when a rule needs it."""
        customer_api = ApiClient().login(self.customer.email, PASSWORD)
        return place_order(customer_api, self.shop, [(self.variant, 1)], email=self.customer.email)


@dataclass
class Rule:
    fields: Tuple[str, ...]  # the schema fields this rule covers, e.g. "Query.loyaltyMember"
    document: str
    expect: Dict[str, str]
    variables: Callable[[World], dict] = lambda world: {}
    permissions: Tuple[str, ...] = ("manage_users",)  # what STAFF_PERM holds
    catalogue: bool = False  # the shop has a product on sale
    name: str = field(default="")

    def __post_init__(self):
        self.name = self.name or self.fields[0]


MEMBER_FIELDS = "user { email } referralCode pointsBalance"

RULES = [
    Rule(("Query.loyaltyProgram",), "{ loyaltyProgram { name tiers { name } } }", everyone(OK)),
    Rule(("Query.loyaltyMember",),
         f"query($id: ID) {{ loyaltyMember(id: $id) {{ {MEMBER_FIELDS} }} }}", STAFF_ONLY,
         lambda w: {"id": w.gid("LoyaltyMember", w.member)}, name="loyaltyMember by id"),
    Rule(("Query.loyaltyMember",),
         f"query($email: String) {{ loyaltyMember(email: $email) {{ {MEMBER_FIELDS} }} }}",
         STAFF_ONLY, lambda w: {"email": w.customer.email}, name="loyaltyMember by e-mail"),
    Rule(("Query.loyaltyMembers",),
         f"{{ loyaltyMembers(first: 10) {{ totalCount edges {{ node {{ {MEMBER_FIELDS} }} }} }} }}",
         STAFF_ONLY),
    Rule(("Query.loyaltySegmentMembers",),
         "{ loyaltySegmentMembers(first: 10) { edges { node { segment member { referralCode } } } } }",
         STAFF_ONLY),
    Rule(("Query.loyaltyStats",), "{ loyaltyStats { members outstandingPoints } }", STAFF_ONLY,
         permissions=("manage_orders",), name="loyaltyStats with MANAGE_ORDERS"),
    Rule(("Query.loyaltyStats",), "{ loyaltyStats { members outstandingPoints } }", STAFF_ONLY,
         name="loyaltyStats with MANAGE_USERS"),
    Rule(("Query.loyaltyReturningCustomers",), "{ loyaltyReturningCustomers { firstOrders repeatOrders } }",
         STAFF_ONLY, permissions=("manage_orders",), name="loyaltyReturningCustomers with MANAGE_ORDERS"),
    Rule(("Query.loyaltyReturningCustomers",), "{ loyaltyReturningCustomers { firstOrders repeatOrders } }",
         STAFF_ONLY, name="loyaltyReturningCustomers with MANAGE_USERS"),
    # User.loyalty through every path that reaches a User.
    Rule(("User.loyalty",), f"{{ me {{ loyalty {{ {MEMBER_FIELDS} }} }} }}",
         {ANON: OK, CUSTOMER: OK, OTHER: OK, STAFF: OK, STAFF_PERM: OK},
         name="me.loyalty (own membership only)"),
    Rule(("User.loyalty",),
         f"query($id: ID!) {{ user(id: $id) {{ loyalty {{ {MEMBER_FIELDS} }} }} }}",
         STAFF_ONLY, lambda w: {"id": w.gid("User", w.customer)}, name="user(id).loyalty"),
    Rule(("User.loyalty",),
         f"query($token: UUID!) {{ orderByToken(token: $token) {{ user {{ loyalty {{ {MEMBER_FIELDS} }} }} }} }}",
         OWNER_OR_STAFF, lambda w: {"token": order_token(w.order)}, name="orderByToken.user.loyalty"),
    Rule(("LoyaltyTier.memberCount",), "{ loyaltyProgram { tiers { memberCount } } }", STAFF_ONLY),
    # Staff users here are not members: their own `me.loyalty` is null.
    Rule(("LoyaltyMember.rfm",), "{ me { loyalty { rfm { segment } } } }",
         {ANON: OK, CUSTOMER: DENIED, OTHER: DENIED, STAFF: OK, STAFF_PERM: OK},
         name="me.loyalty.rfm (staff only, even one's own)"),
    Rule(("LoyaltyMember.rfm",),
         "query($id: ID) { loyaltyMember(id: $id) { rfm { segment } } }", STAFF_ONLY,
         lambda w: {"id": w.gid("LoyaltyMember", w.member)}, name="loyaltyMember.rfm"),
    Rule(("Mutation.loyaltyJoin",), "mutation { loyaltyJoin { member { referralCode } errors { code } } }",
         SIGNED_IN),
    Rule(("Mutation.loyaltyPointsAdjust",),
         """mutation($member: ID!) { loyaltyPointsAdjust(member: $member, points: 5, reason: "test") {
              member { referralCode pointsBalance } errors { code } } }""",
         STAFF_ONLY, lambda w: {"member": w.gid("LoyaltyMember", w.member)}),
    Rule(("Mutation.loyaltyTierCreate",),
         """mutation { loyaltyTierCreate(input: {name: "Platinum", threshold: 90000}) {
              tier { name } errors { code } } }""", STAFF_ONLY),
    Rule(("Mutation.loyaltyTierUpdate",),
         """mutation($id: ID!) { loyaltyTierUpdate(id: $id, input: {name: "Renamed"}) {
              tier { name } errors { code } } }""",
         STAFF_ONLY, lambda w: {"id": w.gid("LoyaltyTier", w.spare_tier)}),
    Rule(("Mutation.loyaltyTierDelete",),
         "mutation($id: ID!) { loyaltyTierDelete(id: $id) { errors { code } } }",
         STAFF_ONLY, lambda w: {"id": w.gid("LoyaltyTier", w.spare_tier)}),
    Rule(("Mutation.loyaltyTierPaidMembershipSet",),
         "mutation($tier: ID!) { loyaltyTierPaidMembershipSet(tier: $tier) { errors { code } } }",
         STAFF_ONLY, lambda w: {"tier": w.gid("LoyaltyTier", w.spare_tier)}),
    # Catalogue: what the requesting customer may see and pay; staff manage it.
    Rule(("Product.loyalty", "ProductVariant.memberPrice"),
         "{ products(first: 5 %s) { edges { node { loyalty { memberOnly purchasable } " % CHANNEL +
         "variants { memberPrice { amount } } } } } }", everyone(OK), catalogue=True),
    Rule(("ProductVariant.loyaltyMemberPrices",),
         "{ products(first: 5 %s) { edges { node { variants { loyaltyMemberPrices { price { amount } } } } } } }"
         % CHANNEL,
         STAFF_ONLY, permissions=("manage_products",), catalogue=True),
    Rule(("Query.loyaltyExclusiveProducts",),
         "{ loyaltyExclusiveProducts(first: 5) { edges { node { name } } } }", everyone(OK),
         catalogue=True),
    Rule(("Mutation.loyaltyMemberPriceSet",),
         """mutation($tier: ID!) { loyaltyMemberPriceSet(variant: "UHJvZHVjdFZhcmlhbnQ6OTk5OTk5",
              tier: $tier, price: 5) { errors { code } } }""",
         STAFF_ONLY, lambda w: {"tier": w.gid("LoyaltyTier", w.spare_tier)},
         permissions=("manage_products",)),
    Rule(("Mutation.loyaltyMemberPriceDelete",),
         """mutation($tier: ID!) { loyaltyMemberPriceDelete(variant: "UHJvZHVjdFZhcmlhbnQ6OTk5OTk5",
              tier: $tier) { errors { code } } }""",
         STAFF_ONLY, lambda w: {"tier": w.gid("LoyaltyTier", w.spare_tier)},
         permissions=("manage_products",)),
    Rule(("Mutation.loyaltyProductSetMemberOnly",),
         """mutation { loyaltyProductSetMemberOnly(product: "UHJvZHVjdDo5OTk5OTk=") {
              errors { code } } }""", STAFF_ONLY, permissions=("manage_products",)),
    Rule(("Mutation.loyaltyMemberProductCreate",),
         """mutation($tier: ID!) { loyaltyMemberProductCreate(minimumTier: $tier,
              input: {name: "X", productType: "UHJvZHVjdFR5cGU6OTk5OTk5"}) { errors { code } } }""",
         STAFF_ONLY, lambda w: {"tier": w.gid("LoyaltyTier", w.spare_tier)},
         permissions=("manage_products",)),
    # Customers act on their own membership only (staff here are not members).
    Rule(("Mutation.loyaltyCheckIn",),
         "mutation { loyaltyCheckIn { member { referralCode } pointsAwarded errors { code } } }",
         SIGNED_IN),
    Rule(("Mutation.loyaltyMemberUpdate",),
         """mutation { loyaltyMemberUpdate(input: {emailNotifications: false}) {
              member { referralCode } errors { code } } }""", SIGNED_IN),
    Rule(("Mutation.loyaltyRedeemPoints",),
         "mutation { loyaltyRedeemPoints(points: 500) { member { referralCode } errors { code } } }",
         SIGNED_IN),
    Rule(("Mutation.loyaltyReferralCodeApply",),
         """mutation { loyaltyReferralCodeApply(referralCode: "NOSUCHCODE") {
              errors { code } } }""", SIGNED_IN),
    Rule(("Mutation.loyaltyRewardRedeem",),
         """mutation { loyaltyRewardRedeem(id: "TG95YWx0eVJld2FyZDo5OTk5OTk=") {
              member { referralCode } errors { code } } }""", SIGNED_IN),
    # The points mall: public to read, staff (MANAGE_DISCOUNTS) to change.
    Rule(("Query.loyaltyRewards",),
         "{ loyaltyRewards(first: 5) { edges { node { name pointsCost } } } }", everyone(OK)),
    Rule(("Mutation.loyaltyRewardCreate",),
         """mutation { loyaltyRewardCreate(input: {name: "Tote", pointsCost: 100, kind: VOUCHER,
              discountValue: 5}) { errors { code } } }""",
         STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Mutation.loyaltyRewardUpdate",),
         """mutation { loyaltyRewardUpdate(id: "TG95YWx0eVJld2FyZDo5OTk5OTk=", input: {stock: 3}) {
              errors { code } } }""", STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Mutation.loyaltyRewardDelete",),
         """mutation { loyaltyRewardDelete(id: "TG95YWx0eVJld2FyZDo5OTk5OTk=") {
              errors { code } } }""", STAFF_ONLY, permissions=("manage_discounts",)),
    # Campaigns (MANAGE_DISCOUNTS).
    Rule(("Mutation.loyaltyCampaignSend",),
         """mutation($tier: ID!) { loyaltyCampaignSend(input: {name: "Hi", tier: $tier,
              bonusPoints: 5}) { campaign { recipients } errors { code } } }""",
         STAFF_ONLY, lambda w: {"tier": w.gid("LoyaltyTier", w.tier)},
         permissions=("manage_discounts",)),
    Rule(("Query.loyaltyCampaign",),
         """{ loyaltyCampaign(id: "TG95YWx0eUNhbXBhaWduOjk5OTk5OQ==") { name } }""",
         STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Query.loyaltyCampaigns",), "{ loyaltyCampaigns(first: 5) { edges { node { name } } } }",
         STAFF_ONLY, permissions=("manage_discounts",)),
    # Journeys (MANAGE_USERS or MANAGE_DISCOUNTS; their messages MANAGE_USERS).
    Rule(("Mutation.loyaltyJourneyCreate",),
         """mutation { loyaltyJourneyCreate(input: {name: "Hi", trigger: FIRST_ORDER,
              steps: [{waitHours: 1, templates: {email: "Hi {first_name}"}}]}) {
              journey { name } errors { code } } }""", STAFF_ONLY,
         permissions=("manage_discounts",)),
    Rule(("Mutation.loyaltyJourneyUpdate",),
         """mutation { loyaltyJourneyUpdate(id: "TG95YWx0eUpvdXJuZXk6OTk5OTk5", input: {
              name: "Hi", trigger: FIRST_ORDER, steps: [{waitHours: 1, bonusPoints: 5}]}) {
              errors { code } } }""", STAFF_ONLY),
    Rule(("Mutation.loyaltyJourneyDelete",),
         """mutation { loyaltyJourneyDelete(id: "TG95YWx0eUpvdXJuZXk6OTk5OTk5") {
              errors { code } } }""", STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Query.loyaltyJourney",),
         """{ loyaltyJourney(id: "TG95YWx0eUpvdXJuZXk6OTk5OTk5") { name } }""", STAFF_ONLY),
    Rule(("Query.loyaltyJourneys",), "{ loyaltyJourneys(first: 5) { edges { node { name } } } }",
         STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("LoyaltyJourney.deliveries",),
         """mutation { loyaltyJourneyCreate(input: {name: "Hi", trigger: FIRST_ORDER,
              steps: [{waitHours: 1, bonusPoints: 5}]}) {
              journey { deliveries(first: 1) { edges { node { id } } } } errors { code } } }""",
         STAFF_ONLY),
    Rule(("LoyaltyMember.deliveries",),
         "query($id: ID!) { loyaltyMember(id: $id) { deliveries(first: 1) { edges { node { id } } } } }",
         STAFF_ONLY, lambda w: {"id": w.gid("LoyaltyMember", w.member)},
         name="loyaltyMember.deliveries"),
    Rule(("LoyaltyTier.shareCutoff", "LoyaltyTier.shareReviewedAt"),
         "{ loyaltyProgram { tiers { shareCutoff shareReviewedAt } } }", STAFF_ONLY),
    # Audiences and tags (MANAGE_USERS or MANAGE_DISCOUNTS; a member's tags MANAGE_USERS).
    Rule(("Query.loyaltyAudiencePreview",),
         "{ loyaltyAudiencePreview(filter: {orders: {gte: 1}}) { count sample { id } } }",
         STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Query.loyaltyAudience",),
         """{ loyaltyAudience(id: "TG95YWx0eUF1ZGllbmNlOjk5OTk5OQ==") { name } }""", STAFF_ONLY),
    Rule(("Query.loyaltyAudiences",), "{ loyaltyAudiences(first: 5) { edges { node { name } } } }",
         STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Mutation.loyaltyAudienceCreate",),
         """mutation { loyaltyAudienceCreate(input: {name: "Big spenders",
              filter: {averageOrderValue: {gte: 80}}}) { audience { name } errors { code } } }""",
         STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Mutation.loyaltyAudienceUpdate",),
         """mutation { loyaltyAudienceUpdate(id: "TG95YWx0eUF1ZGllbmNlOjk5OTk5OQ==",
              input: {name: "A", filter: {}}) { errors { code } } }""", STAFF_ONLY),
    Rule(("Mutation.loyaltyAudienceDelete",),
         """mutation { loyaltyAudienceDelete(id: "TG95YWx0eUF1ZGllbmNlOjk5OTk5OQ==") {
              errors { code } } }""", STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Query.loyaltyTags",), "{ loyaltyTags(first: 5) { edges { node { name memberCount } } } }",
         STAFF_ONLY),
    Rule(("Mutation.loyaltyTagCreate",),
         """mutation { loyaltyTagCreate(input: {name: "VIP"}) { tag { name } errors { code } } }""",
         STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Mutation.loyaltyTagUpdate",),
         """mutation { loyaltyTagUpdate(id: "TG95YWx0eVRhZzo5OTk5OTk=", input: {name: "A"}) {
              errors { code } } }""", STAFF_ONLY),
    Rule(("Mutation.loyaltyTagDelete",),
         """mutation { loyaltyTagDelete(id: "TG95YWx0eVRhZzo5OTk5OTk=") { errors { code } } }""",
         STAFF_ONLY),
    Rule(("Mutation.loyaltyMembersTag",),
         """mutation($id: ID!) { loyaltyMembersTag(tag: "TG95YWx0eVRhZzo5OTk5OTk=", members: [$id]) {
              count errors { code } } }""", STAFF_ONLY,
         lambda w: {"id": w.gid("LoyaltyMember", w.member)}),
    Rule(("Mutation.loyaltyMembersUntag",),
         """mutation($id: ID!) { loyaltyMembersUntag(tag: "TG95YWx0eVRhZzo5OTk5OTk=", members: [$id]) {
              count errors { code } } }""", STAFF_ONLY,
         lambda w: {"id": w.gid("LoyaltyMember", w.member)}, permissions=("manage_discounts",)),
    Rule(("LoyaltyMember.tags",),
         "query($id: ID!) { loyaltyMember(id: $id) { tags } }",
         STAFF_ONLY, lambda w: {"id": w.gid("LoyaltyMember", w.member)},
         name="loyaltyMember.tags"),
    Rule(("Mutation.loyaltyMembersImport",),
         """mutation($file: Upload!) { loyaltyMembersImport(file: $file, dryRun: true) {
              created problems { line reason } errors { code } } }""", STAFF_ONLY,
         lambda w: {"file": SimpleUploadedFile("members.csv", b"email\nnew@example.com\n")}),
    # Surveys: anyone reads the form; members answer; staff (MANAGE_USERS or
    # MANAGE_DISCOUNTS) manage them and read the results.
    Rule(("Query.loyaltySurvey",),
         """{ loyaltySurvey(id: "TG95YWx0eVN1cnZleTo5OTk5OTk=") { name question points } }""",
         everyone(OK)),
    Rule(("Query.loyaltySurveys",), "{ loyaltySurveys(first: 5) { edges { node { name } } } }",
         STAFF_ONLY),
    Rule(("Mutation.loyaltySurveyCreate", "LoyaltySurvey.results"),
         """mutation { loyaltySurveyCreate(input: {name: "After-sales", points: 5}) {
              survey { results { answers averageScore } } errors { code } } }""",
         STAFF_ONLY, permissions=("manage_discounts",)),
    Rule(("Mutation.loyaltySurveyUpdate",),
         """mutation { loyaltySurveyUpdate(id: "TG95YWx0eVN1cnZleTo5OTk5OTk=", input: {points: 1}) {
              errors { code } } }""", STAFF_ONLY),
    Rule(("Mutation.loyaltySurveyAnswer",),
         """mutation { loyaltySurveyAnswer(survey: "TG95YWx0eVN1cnZleTo5OTk5OTk=",
              answers: {score: 5}) { pointsAwarded errors { code } } }""", SIGNED_IN),
    Rule(("CheckoutAddPromoCode.loyaltyErrors",),
         """mutation($id: ID!) { checkoutAddPromoCode(%s: $id, promoCode: "NOPE") {
              loyaltyErrors { code } } }""" % CHECKOUT_ID,
         everyone(OK), lambda w: {"id": graphene.Node.to_global_id(
             "Checkout", "6f7b2b8e-1b8e-4c55-9a53-3d2f0c1e2a10")}),
    # Saleor's checkout mutations, guarded: anyone may call them as in Saleor.
    Rule(("CheckoutCreate.loyaltyErrors",),
         """mutation { checkoutCreate(input: {email: "buyer@example.com", lines: [] %s}) {
              loyaltyErrors { code } } }""" % CHANNEL, everyone(OK)),
    Rule(("CheckoutLinesAdd.loyaltyErrors", "CheckoutLinesUpdate.loyaltyErrors",
          "CheckoutComplete.loyaltyErrors"),
         """mutation($id: ID!) {
              checkoutLinesAdd(%(id)s: $id, lines: []) { loyaltyErrors { code } }
              checkoutLinesUpdate(%(id)s: $id, lines: []) { loyaltyErrors { code } }
              checkoutComplete(%(id)s: $id) { loyaltyErrors { code } } }""" % {"id": CHECKOUT_ID},
         everyone(OK), lambda w: {"id": graphene.Node.to_global_id(
             "Checkout", "6f7b2b8e-1b8e-4c55-9a53-3d2f0c1e2a10")}),
]


def loyalty_fields():
    """Loyalty fields the schema has: Query/Mutation and Saleor types' additions, and
    fields of loyalty types described as staff-only."""
    ours, base = schema.get_type_map(), saleor_schema().get_type_map()
    found = set()
    for name, type_ in ours.items():
        if name.startswith("__") or not isinstance(type_, GraphQLObjectType):
            continue
        if name in base:
            found |= {f"{name}.{f}" for f in set(type_.fields) - set(base[name].fields)}
        else:
            found |= {
                f"{name}.{f}" for f, definition in type_.fields.items()
                if (definition.description or "").startswith("Staff")
            }
    return found


def test_every_loyalty_field_has_a_rule():
    covered = {f for rule in RULES for f in rule.fields}

    assert loyalty_fields() - covered == set(), "add a rule for these fields"
    assert covered - loyalty_fields() == set(), "rules for fields no longer in the schema"


@pytest.fixture
def world(db, entry_tier):
    customer = create_customer("owner@example.com", first_name="Olive", last_name="Owner")
    member = make_member(customer)
    other = create_customer("intruder@example.com")
    make_member(other)
    spare = Tier.objects.create(name="Spare", slug="spare", rank=5, threshold=Decimal(50000))
    return World(customer=customer, member=member, other=other, tier=entry_tier,
                 spare_tier=spare)


def client_for(actor, world: World, permissions) -> ApiClient:
    if actor == ANON:
        return ApiClient()
    if actor == CUSTOMER:
        return ApiClient().login(world.customer.email, PASSWORD)
    if actor == OTHER:
        return ApiClient().login(world.other.email, PASSWORD)
    staff = create_customer(f"{actor.replace('+', '-')}@example.com", is_staff=True)
    if actor == STAFF_PERM:
        grant(staff, *permissions)
    return ApiClient().login(staff.email, PASSWORD)


def outcome(content) -> str:
    errors = content.get("errors") or []
    if any(e.get("extensions", {}).get("exception", {}).get("code") == "PermissionDenied" for e in errors):
        return DENIED
    assert not errors, errors
    payloads = [v for v in (content.get("data") or {}).values() if isinstance(v, dict)]
    codes = [e["code"] for p in payloads for e in (p.get("errors") or [])]
    return DENIED if "PERMISSION_DENIED" in codes else OK


CASES = [pytest.param(rule, actor, id=f"{rule.name}-{actor}") for rule in RULES for actor in ACTORS]


@pytest.mark.parametrize("rule, actor", CASES)
def test_each_actor_gets_what_the_rule_says(world, rule, actor):
    if rule.catalogue:
        assert world.variant
    api = client_for(actor, world, rule.permissions)

    content = api.post(rule.document, rule.variables(world))

    assert outcome(content) == rule.expect[actor], content
    if actor in (ANON, OTHER):
        # Whatever the answer, nothing of the customer's membership leaks.
        text = json.dumps(content)
        assert world.member.referral_code not in text and world.customer.email not in text
