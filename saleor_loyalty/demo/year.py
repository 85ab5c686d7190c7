"""The demo shop a year and a quarter into its life (`loyalty_demo`): the customers and
orders of demo/year_plan.py written into Saleor's tables as an import writes them
(host/history.py), then replayed through the program in time order, each step as of its
own moment: joining (some with a friend's code), every order synced as its hook would
be, the weekly release, expiry and tier review runs (daily in a shop), check-ins, points
spent in the mall, after-sales survey answers, and a campaign with a holdout whose
treated members come back with its coupon. Nobody is e-mailed about the past
(notifications.quiet). The segments are computed at the end.

Loaded once, in one transaction: a shop that has the plan's customers already is left
as it is.
"""
import heapq
import itertools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

from django.db import transaction
from django.utils import timezone

from saleor_loyalty import order_events
from saleor_loyalty.core.program import Program, load_program
from saleor_loyalty.coupons import member_coupons, points_mall
from saleor_loyalty.coupons.models import Reward, RewardKind
from saleor_loyalty.demo import year_plan
from saleor_loyalty.demo.journeys import demo_survey
from saleor_loyalty.engagement import campaigns, checkins, surveys
from saleor_loyalty.host import demo as host_demo
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host import history as host_history
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.host import products as host_products
from saleor_loyalty.insight.segments import compute_segments
from saleor_loyalty.members import enrolment
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications import notices
from saleor_loyalty.notifications import tasks as notifications
from saleor_loyalty.points import ledger, releasing
from saleor_loyalty.tiers import qualification

CATALOGUE = 60  # variants of the demo catalogue the customers buy from
WEEK = timedelta(days=7)
# The points mall of the demo, (name, points, discount).
DEMO_REWARDS = [("2 off your next order", 200, Decimal(2)),
                ("5 off your next order", 500, Decimal(5))]
CAMPAIGN_NAME = "Come back for 10 off"
CAMPAIGN_DAYS_AGO = 60
CAMPAIGN_HOLDOUT = 10
CAMPAIGN_COUPON = Decimal(10)
RESPONSE_SHARE = 0.15  # treated members who order within a month of the campaign


@dataclass
class DemoYear:
    customers: int
    members: int
    orders: int
    check_ins: int
    redemptions: int
    answers: int


def _catalogue(program: Program) -> List[Tuple[object, Decimal]]:
    """Variants the plan's indexes point into, in a fixed order, with their price."""
    variants = {variant.pk: variant for variant, _price in host_demo.demo_variants(CATALOGUE)}
    prices = host_products.variant_prices(list(variants))
    return [(variants[pk], prices[pk].amount) for pk in sorted(variants)
            if pk in prices and prices[pk].currency == program.currency]


def _past_order(planned, person, user_id: int, catalogue, voucher=None,
                discount=Decimal(0)) -> host_history.PastOrder:
    lines = tuple(host_history.PastLine(catalogue[i][0], catalogue[i][1], quantity)
                  for i, quantity in planned.lines)
    return host_history.PastOrder(user_id, person.email, planned.placed_at, lines,
                                  planned.fulfilled_at, planned.outcome, voucher, discount)


def _demo_rewards() -> List[Reward]:
    rewards = []
    for name, cost, value in DEMO_REWARDS:
        reward = Reward.objects.filter(name=name).first()
        rewards.append(reward or points_mall.save_reward(None, {
            "name": name, "kind": RewardKind.VOUCHER, "points_cost": cost,
            "discount_value": value}))
    return rewards


class Replay:
    """The plan's events in time order, each run as of its own moment."""

    def __init__(self, plan, program: Program, catalogue, accounts: Dict[str, int]):
        self.plan, self.program, self.catalogue = plan, program, catalogue
        self.accounts = accounts
        self.members: Dict[int, Member] = {}
        self.events: list = []
        self.sequence = itertools.count()  # what was added first goes first at one moment
        self.rng = random.Random(plan.now.toordinal())
        self.counts = {"orders": 0, "check_ins": 0, "redemptions": 0, "answers": 0}
        self.rewards = _demo_rewards()
        self.survey = demo_survey()

    def add(self, at: datetime, kind: str, payload=None):
        heapq.heappush(self.events, (at, next(self.sequence), kind, payload))

    def schedule(self, orders):
        start = self.plan.now - timedelta(days=year_plan.HISTORY_DAYS)
        for person in self.plan.customers:
            if person.joins:
                self.add(person.signed_up_at, "join", person)
        orders = list(orders)
        for order, planned in orders:
            self.add(planned.placed_at, "order", order)
        for at, index, score, comment in self.plan.answers:
            order, planned = orders[index]
            self.add(at, "answer", (order, planned.customer, score, comment))
        for at, index in self.plan.check_ins:
            self.add(at, "check_in", index)
        for at, index in self.plan.redemptions:
            self.add(at, "redeem", index)
        moment = start + WEEK
        while moment < self.plan.now:
            self.add(moment, "weekly")
            moment += WEEK
        self.add(self.plan.now - timedelta(days=CAMPAIGN_DAYS_AGO), "campaign")

    def run(self):
        while self.events:
            at, _seq, kind, payload = heapq.heappop(self.events)
            with transaction.atomic():
                getattr(self, f"on_{kind}")(at, payload)

    def on_join(self, at, person):
        referrer = self.members.get(person.referrer) if person.referrer is not None else None
        member = enrolment.create_member(self.accounts[person.email], enrolment.entry_tier(),
                                         None, referrer, at)
        member_coupons.issue_welcome(member, self.program, at)
        self.members[person.index] = member

    def on_order(self, at, order):
        order_events.sync_order_now(order, self.program, now=at)
        self.counts["orders"] += 1

    def on_check_in(self, at, index):
        checkins.check_in(self.members[index], self.program, at)
        self.counts["check_ins"] += 1

    def on_redeem(self, at, index):
        member = Member.objects.get(pk=self.members[index].pk)
        affordable = [r for r in self.rewards if r.points_cost <= member.points_balance]
        if affordable:
            points_mall.redeem_reward(member, affordable[-1].pk, self.program, at)
            self.counts["redemptions"] += 1

    def on_answer(self, at, payload):
        order, index, score, comment = payload
        surveys.answer_survey(self.members[index], self.survey, score, comment,
                              host_orders.order_key(order), program=self.program, now=at)
        self.counts["answers"] += 1

    def on_weekly(self, at, _payload):
        releasing.release_due_points(self.program, at)
        ledger.expire_due(at)
        qualification.review_tiers(self.program, at)

    def on_campaign(self, at, _payload):
        """The campaign, and the treated members who come back for it with its coupon
        (the holdout orders as it would have anyway)."""
        campaign = campaigns.create_campaign(
            {"name": CAMPAIGN_NAME, "holdout_percent": CAMPAIGN_HOLDOUT,
             "coupon_value": CAMPAIGN_COUPON, "coupon_valid_days": 30,
             "message": "We miss you: 10 off your next order."},
            enrolment.entry_tier(), None, at, self.program)
        campaigns.run_campaign(campaign.pk, self.program, at)
        people = {member.pk: index for index, member in self.members.items()}
        grants = (campaign.grants.filter(holdout=False, member_id__in=list(people))
                  .select_related("coupon__voucher").order_by("member_id"))
        worth_it = [i for i, (_variant, price) in enumerate(self.catalogue)
                    if price >= CAMPAIGN_COUPON]
        responses = []
        for grant in grants:
            if self.rng.random() >= RESPONSE_SHARE or not worth_it:
                continue
            person = self.plan.customers[people[grant.member_id]]
            placed = (at + timedelta(days=self.rng.uniform(1, 28))).replace(microsecond=0)
            shipped = placed + timedelta(days=2)
            basket = self.rng.sample(range(len(self.catalogue)), 2) + [self.rng.choice(worth_it)]
            planned = year_plan.PlannedOrder(
                person.index, placed, [(i, self.rng.choice((1, 2))) for i in sorted(set(basket))],
                shipped if shipped < self.plan.now else None, host_history.PAID)
            voucher = grant.coupon.voucher
            responses.append((planned, (voucher.pk, host_discounts.voucher_code(voucher))))
        written = host_history.write_orders([
            _past_order(planned, self.plan.customers[planned.customer],
                        self.accounts[self.plan.customers[planned.customer].email],
                        self.catalogue, voucher, CAMPAIGN_COUPON)
            for planned, voucher in responses])
        for order, (planned, _voucher) in zip(written, responses):
            self.add(planned.placed_at, "order", order)


@transaction.atomic
def load_demo_year(now: Optional[datetime] = None, seed: int = 2026,
                   customers: int = year_plan.CUSTOMERS) -> Optional[DemoYear]:
    """Write and replay the year as of `now` (None when the shop has it already)."""
    program = load_program()
    catalogue = _catalogue(program)
    plan = year_plan.plan_year(now or timezone.now(), len(catalogue), seed, customers)
    emails = [person.email for person in plan.customers]
    if host_history.known_customers(emails):
        return None
    accounts = host_history.create_customers(
        [host_history.PastCustomer(p.email, p.first_name, p.last_name, p.signed_up_at)
         for p in plan.customers], host_demo.CUSTOMER_PASSWORD)
    written = host_history.write_orders([
        _past_order(planned, plan.customers[planned.customer],
                    accounts[plan.customers[planned.customer].email], catalogue)
        for planned in plan.orders])
    replay = Replay(plan, program, catalogue, accounts)
    replay.schedule(zip(written, plan.orders))
    with notifications.quiet():
        replay.run()
        releasing.release_due_points(program, plan.now)
        ledger.expire_due(plan.now)
        qualification.review_tiers(program, plan.now)
        compute_segments(program, plan.now)
    # Tier changes are told by a job that reads what nobody was told of yet.
    notices.settle_tier_changes(plan.now)
    return DemoYear(customers=len(plan.customers), members=len(replay.members),
                    orders=replay.counts["orders"], check_ins=replay.counts["check_ins"],
                    redemptions=replay.counts["redemptions"], answers=replay.counts["answers"])
