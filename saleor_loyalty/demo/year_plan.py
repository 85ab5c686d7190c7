"""A year and a quarter of a shop's life, planned in plain Python from a seed: who signs
up and when, who joins the program (some by a friend's code), what each customer buys
and how often, who checks in and who spends points in the mall.

The plan knows nothing of the database: demo/year.py writes it into Saleor's tables and
replays it through the program in time order. The same seed and moment give the same
plan. Customers differ in how often they come back (a gap between orders drawn around
their own mean, and a chance to stop after each order), which puts the repeat-purchase
rate of a year in the range real shops report (about a third of buyers).
"""
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

from saleor_loyalty.host.history import CANCELLED, PAID, REFUNDED

# Long enough for points earned in its first months to expire (a lot lives 365 days).
HISTORY_DAYS = 450
CUSTOMERS = 420
MEMBER_SHARE = 0.85  # of the customers who sign up, the share who join the program
REFERRED_SHARE = 0.15  # of the members, the share who join with a member's code
FIRST_ORDER_SHARE = 0.9  # customers who buy within days of signing up
MEAN_GAPS = (30, 45, 75, 150, 300)  # days between orders, one mean per customer
STOP_CHANCE = 0.55  # after each order, the chance a customer never comes back
CANCELLED_SHARE = 0.03
REFUNDED_SHARE = 0.02
FAVOURITES = 6  # variants a customer mostly buys from
CHECK_IN_SHARE = 0.15  # members who check in, on CHECK_IN_DAYS days each
CHECK_IN_DAYS = 25
REDEEMING_SHARE = 0.3  # members who try to spend points in the mall, once or twice
ANSWERING_SHARE = 0.25  # members' delivered orders whose after-sales survey is answered
SCORES = (5,) * 9 + (4,) * 6 + (3,) * 3 + (2, 1)
COMMENTS = ("", "", "", "Fast delivery, thank you!", "Great quality.", "Runs a bit small.",
            "Packaging could be better.", "Exactly as pictured.", "Will order again.")
EMAIL_DOMAIN = "year.example.com"
FIRST_NAMES = ("Ada", "Ben", "Cleo", "Dan", "Eva", "Finn", "Gia", "Hugo", "Iris", "Jon",
               "Kira", "Leo", "Maya", "Noah", "Olga", "Piet", "Quinn", "Rosa", "Sami", "Tess",
               "Uma", "Vik", "Wren", "Xena", "Yuri", "Zoe")
LAST_NAMES = ("Adler", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen",
              "Ito", "Jensen", "Kowalski", "Lopez", "Moreau", "Novak", "Okafor", "Petit",
              "Rossi", "Silva", "Tanaka", "Weber")


@dataclass
class PlannedCustomer:
    index: int
    email: str
    first_name: str
    last_name: str
    signed_up_at: datetime
    joins: bool
    referrer: Optional[int] = None  # index of the member whose code they used


@dataclass
class PlannedOrder:
    customer: int
    placed_at: datetime
    lines: List[Tuple[int, int]]  # (index into the variants, quantity)
    fulfilled_at: Optional[datetime]
    outcome: str  # host.history PAID / CANCELLED / REFUNDED


@dataclass
class YearPlan:
    now: datetime
    customers: List[PlannedCustomer]
    orders: List[PlannedOrder]
    check_ins: List[Tuple[datetime, int]] = field(default_factory=list)
    redemptions: List[Tuple[datetime, int]] = field(default_factory=list)
    # (when, index into `orders`, score 1-5, comment): after-sales survey answers.
    answers: List[Tuple[datetime, int, int, str]] = field(default_factory=list)


def _sign_up(rng: random.Random, now: datetime) -> datetime:
    """More sign-ups lately than at the start: a shop that grows."""
    days_back = HISTORY_DAYS * rng.random() ** 0.8
    return (now - timedelta(days=days_back)).replace(microsecond=0)


def _customers(rng: random.Random, now: datetime, count: int) -> List[PlannedCustomer]:
    people = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        people.append(PlannedCustomer(
            index=index, email=f"{first}.{last}.{index:03d}@{EMAIL_DOMAIN}".lower(),
            first_name=first, last_name=last, signed_up_at=_sign_up(rng, now),
            joins=rng.random() < MEMBER_SHARE,
        ))
    people.sort(key=lambda c: c.signed_up_at)
    for index, person in enumerate(people):
        person.index = index
        earlier = [p.index for p in people[:index] if p.joins]
        if person.joins and earlier and rng.random() < REFERRED_SHARE:
            person.referrer = rng.choice(earlier)
    return people


def _outcome(rng: random.Random, shipped: bool) -> str:
    draw = rng.random()
    if draw < CANCELLED_SHARE:
        return CANCELLED
    if shipped and draw < CANCELLED_SHARE + REFUNDED_SHARE:
        return REFUNDED
    return PAID


def _orders_of(rng: random.Random, person: PlannedCustomer, now: datetime,
               variants: int) -> List[PlannedOrder]:
    if rng.random() >= FIRST_ORDER_SHARE:
        return []
    favourites = rng.sample(range(variants), min(FAVOURITES, variants))
    mean_gap = rng.choice(MEAN_GAPS)
    # Members fill bigger baskets than guests (what the overview's AOV chart compares).
    basket, quantities = (4, (1, 1, 2, 3)) if person.joins else (2, (1, 1, 1, 2))
    orders = []
    placed = person.signed_up_at + timedelta(hours=rng.uniform(0.2, 72))
    while placed < now - timedelta(hours=1):
        picks = rng.sample(favourites, rng.randint(1, min(basket, len(favourites))))
        lines = [(variant, rng.choice(quantities)) for variant in sorted(picks)]
        shipped = placed + timedelta(days=rng.uniform(1, 3))
        fulfilled_at = shipped.replace(microsecond=0) if shipped < now else None
        outcome = _outcome(rng, fulfilled_at is not None)
        orders.append(PlannedOrder(person.index, placed.replace(microsecond=0), lines,
                                   fulfilled_at if outcome != CANCELLED else None, outcome))
        if rng.random() < STOP_CHANCE:
            break
        placed += timedelta(days=rng.expovariate(1 / mean_gap) + 1)
    return orders


def plan_year(now: datetime, variants: int, seed: int = 2026,
              customers: int = CUSTOMERS) -> YearPlan:
    """The plan as of `now` for `customers` customers, over `variants` sellable variants
    (indexes into the catalogue the caller lists in a fixed order)."""
    rng = random.Random(seed)
    now = now.replace(microsecond=0)
    people = _customers(rng, now, customers)
    orders = [order for person in people for order in _orders_of(rng, person, now, variants)]
    orders.sort(key=lambda o: (o.placed_at, o.customer))
    plan = YearPlan(now=now, customers=people, orders=orders)
    customers_joined = [person.joins for person in people]
    for person in people:
        if not person.joins:
            continue
        days = (now - person.signed_up_at).days
        if days > 1 and rng.random() < CHECK_IN_SHARE:
            for day in sorted(rng.sample(range(1, days), min(CHECK_IN_DAYS, days - 1))):
                plan.check_ins.append((person.signed_up_at + timedelta(days=day), person.index))
        if days > 60 and rng.random() < REDEEMING_SHARE:
            for _ in range(rng.randint(1, 2)):
                at = person.signed_up_at + timedelta(days=rng.uniform(60, days))
                plan.redemptions.append((at.replace(microsecond=0), person.index))
    for index, order in enumerate(orders):
        if (customers_joined[order.customer] and order.outcome == PAID and order.fulfilled_at
                and rng.random() < ANSWERING_SHARE):
            at = (order.fulfilled_at + timedelta(days=rng.uniform(5, 10))).replace(microsecond=0)
            if at < now:
                plan.answers.append((at, index, rng.choice(SCORES), rng.choice(COMMENTS)))
    return plan
