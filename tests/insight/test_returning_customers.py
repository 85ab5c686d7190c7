"""Returning-customer insight equals the same figures computed by hand from the orders
placed through Saleor's checkout: what first-time and repeat buyers bought, and when they
ordered in the shop's time zone."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

import pytest
from freezegun import freeze_time

from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import returning
from saleor_loyalty.insight.stats import Period
from tests.fixtures.api import ApiClient
from tests.fixtures.checkout import place_order
from tests.fixtures.loyalty import make_member
from tests.fixtures.shop import create_shop
from tests.fixtures.users import PASSWORD, create_customer

# Tokyo: 9 hours ahead of UTC all year (no daylight saving), so late-evening UTC orders
# fall on the next day there.
SHOP_ZONE = "Asia/Tokyo"
TOKYO_OFFSET = dt_timezone(timedelta(hours=9))
PRODUCTS = {  # name: (price, category)
    "Trail shoe": ("80.00", "shoes"),
    "Road shoe": ("65.00", "shoes"),
    "Wool sock": ("7.50", "socks"),
    "Rain jacket": ("120.00", "jackets"),
}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=dt_timezone.utc)


@dataclass
class Placed:
    customer: Optional[str]  # None: a guest checkout
    at: datetime
    lines: List[Tuple[str, int]]
    paid: bool = True


# The period is March 2025 (UTC); each customer's orders, in the order they were placed.
START, END = utc(2025, 3, 1), utc(2025, 3, 31, 23, 59, 59)
PLAN = [
    # Ann ordered before the period: every order of hers in it is a repeat order.
    Placed("ann", utc(2025, 2, 10, 9, 0), [("Trail shoe", 1)]),
    Placed("ann", utc(2025, 3, 3, 1, 15), [("Wool sock", 4), ("Road shoe", 1)]),  # Mon 10:15
    Placed("ann", utc(2025, 3, 9, 20, 30), [("Wool sock", 2)]),  # Sun UTC, Mon 05:30 Tokyo
    # Ben's first order is in the period, then two repeat orders.
    Placed("ben", utc(2025, 3, 4, 3, 0), [("Trail shoe", 1), ("Wool sock", 1)]),  # Tue 12:00
    Placed("ben", utc(2025, 3, 12, 3, 45), [("Rain jacket", 1)]),  # Wed 12:45
    Placed("ben", utc(2025, 3, 20, 14, 5), [("Wool sock", 3), ("Trail shoe", 2)]),  # Thu 23:05
    # Cy orders once: a first order; an unpaid attempt before it counts for nothing.
    Placed("cy", utc(2025, 3, 5, 2, 0), [("Rain jacket", 1)], paid=False),
    Placed("cy", utc(2025, 3, 14, 22, 10), [("Road shoe", 2)]),  # Sat 07:10
    # Dee's first order is in the period, her second after it.
    Placed("dee", utc(2025, 3, 28, 15, 0), [("Trail shoe", 1), ("Rain jacket", 1)]),  # Sat 00:00
    Placed("dee", utc(2025, 4, 2, 8, 0), [("Wool sock", 5)]),
    # A guest: no customer to return, left out.
    Placed(None, utc(2025, 3, 6, 4, 0), [("Road shoe", 1)]),
]


def expected_insight(plan: List[Placed], start, end, top: int) -> dict:
    """Plain Python over the plan, not over the database."""
    paid = [p for p in plan if p.paid and p.customer is not None]
    first_at = {}
    for p in paid:
        first_at[p.customer] = min(first_at.get(p.customer, p.at), p.at)
    in_period = [p for p in paid if start <= p.at <= end]

    def is_repeat(p):
        return p.at > first_at[p.customer]

    def ranking(key_of, repeat):
        totals: Dict[str, list] = {}
        for p in in_period:
            if is_repeat(p) != repeat:
                continue
            for name, quantity in p.lines:
                entry = totals.setdefault(key_of(name), [0, set(), Decimal(0)])
                entry[0] += quantity
                entry[1].add(id(p))
                entry[2] += Decimal(PRODUCTS[name][0]) * quantity
        rows = [(key, q, len(orders), revenue) for key, (q, orders, revenue) in totals.items()]
        # Most units first, then most revenue; no ties in this plan.
        return sorted(rows, key=lambda r: (-r[1], -r[3]))[:top]

    def category(name):
        return PRODUCTS[name][1].title()

    weekdays = {d: [0, 0] for d in range(1, 8)}
    hours = {h: [0, 0] for h in range(24)}
    for p in in_period:
        local = p.at.astimezone(TOKYO_OFFSET)
        weekdays[local.isoweekday()][is_repeat(p)] += 1
        hours[local.hour][is_repeat(p)] += 1
    return {
        "first_orders": sum(1 for p in in_period if not is_repeat(p)),
        "repeat_orders": sum(1 for p in in_period if is_repeat(p)),
        "products": (ranking(lambda n: n, False), ranking(lambda n: n, True)),
        "categories": (ranking(category, False), ranking(category, True)),
        "weekdays": [(d, *weekdays[d]) for d in range(1, 8)],
        "hours": [(h, *hours[h]) for h in range(24)],
    }


def actual_insight(result: returning.ReturningCustomers) -> dict:
    def rows(items):
        return [(item.name, item.quantity, item.orders, item.revenue) for item in items]

    return {
        "first_orders": result.first_orders,
        "repeat_orders": result.repeat_orders,
        "products": (rows(result.top_products.first_time), rows(result.top_products.repeat)),
        "categories": (rows(result.top_categories.first_time), rows(result.top_categories.repeat)),
        "weekdays": [(c.at, c.first_time, c.repeat) for c in result.by_weekday],
        "hours": [(c.at, c.first_time, c.repeat) for c in result.by_hour],
    }


@pytest.fixture
def placed_shop(db, settings):
    """The plan's orders, each placed through the checkout with the clock at its moment
    (the shop and its customers set up before the first)."""
    settings.TIME_ZONE = SHOP_ZONE
    with freeze_time(utc(2025, 1, 1)):
        shop = create_shop()
        variants = {name: shop.add_variant(name, price, category=category)
                    for name, (price, category) in PRODUCTS.items()}
        customers = {name: create_customer(f"{name}@example.com") for name in ("ann", "ben", "cy", "dee")}
        make_member(customers["ann"])  # members and plain customers alike
        make_member(customers["ben"])
    for p in PLAN:
        with freeze_time(p.at):
            if p.customer is None:
                api, email = ApiClient(), "guest@example.com"
            else:
                api, email = ApiClient().login(f"{p.customer}@example.com", PASSWORD), f"{p.customer}@example.com"
            place_order(api, shop, [(variants[n], q) for n, q in p.lines], email=email,
                        payment_token="fully-charged" if p.paid else "not-charged")
    return shop


@pytest.mark.parametrize("top", [10, 2, 1])
def test_every_figure_equals_the_hand_computed_one(placed_shop, top):
    expected = expected_insight(PLAN, START, END, top)

    result = returning.returning_customers(load_program(), Period(START, END), top)

    assert actual_insight(result) == expected
    assert result.time_zone == SHOP_ZONE
    # The plan exercises both groups, the day change in Tokyo, and the guest left out.
    assert expected["first_orders"] == 3 and expected["repeat_orders"] == 4


def test_a_period_before_any_order_has_nothing(placed_shop):
    result = returning.returning_customers(load_program(), Period(utc(2024, 1, 1), utc(2024, 12, 31)))

    assert (result.first_orders, result.repeat_orders) == (0, 0)
    assert result.top_products.first_time == result.top_products.repeat == []
    assert [c.first_time + c.repeat for c in result.by_hour] == [0] * 24


QUERY = """
query($period: LoyaltyStatsPeriodInput, $first: Int) {
  loyaltyReturningCustomers(period: $period, first: $first) {
    periodStart periodEnd timeZone firstOrders repeatOrders
    topProducts {
      firstTime { product { name } name quantity orders revenue { amount currency } }
      repeat { product { name } name quantity orders revenue { amount currency } }
    }
    topCategories {
      firstTime { category { id name } name quantity orders revenue { amount currency } }
      repeat { category { id name } name quantity orders revenue { amount currency } }
    }
    ordersByWeekday { weekday firstTime repeat }
    ordersByHour { hour firstTime repeat }
  }
}
"""
WEEKDAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


def test_the_api_answers_the_hand_computed_figures(placed_shop, manage_users_api):
    expected = expected_insight(PLAN, START, END, 3)
    period = {"gte": START.isoformat(), "lte": END.isoformat()}

    data = manage_users_api.query(QUERY, period=period, first=3)["loyaltyReturningCustomers"]

    def rows(items, field):
        assert all(item[field]["name"] == item["name"] for item in items)
        return [(item["name"], item["quantity"], item["orders"], Decimal(str(item["revenue"]["amount"])))
                for item in items]

    assert (data["firstOrders"], data["repeatOrders"], data["timeZone"]) == (
        expected["first_orders"], expected["repeat_orders"], SHOP_ZONE)
    assert (rows(data["topProducts"]["firstTime"], "product"), rows(data["topProducts"]["repeat"], "product")) \
        == expected["products"]
    assert (rows(data["topCategories"]["firstTime"], "category"),
            rows(data["topCategories"]["repeat"], "category")) == expected["categories"]
    assert [(WEEKDAYS.index(w["weekday"]) + 1, w["firstTime"], w["repeat"]) for w in data["ordersByWeekday"]] \
        == expected["weekdays"]
    assert [(h["hour"], h["firstTime"], h["repeat"]) for h in data["ordersByHour"]] == expected["hours"]
    assert {m["revenue"]["currency"] for m in data["topProducts"]["repeat"]} == {load_program().currency}


def test_without_a_period_the_whole_history_counts(placed_shop, manage_users_api):
    expected = expected_insight(PLAN, utc(2000, 1, 1), utc(2100, 1, 1), 10)

    with freeze_time(utc(2025, 5, 1)):
        data = manage_users_api.query(QUERY)["loyaltyReturningCustomers"]

    assert (data["firstOrders"], data["repeatOrders"]) == (expected["first_orders"], expected["repeat_orders"])
    assert len(data["topProducts"]["repeat"]) == len(expected["products"][1])


@pytest.mark.parametrize("variables, message", [
    ({"first": 0}, "`first` is 1 to 50."),
    ({"first": 51}, "`first` is 1 to 50."),
    ({"first": -3}, "`first` is 1 to 50."),
    ({"period": {"gte": "2025-03-31T00:00:00+00:00", "lte": "2025-03-01T00:00:00+00:00"}},
     "The period's `gte` must not be after its `lte`."),
])
def test_bad_input_is_refused_with_a_message(db, manage_users_api, variables, message):
    content = manage_users_api.post(QUERY, variables)

    assert content["data"] is None
    assert [error["message"] for error in content["errors"]] == [message]
