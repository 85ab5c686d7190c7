"""A 10-line checkout priced with and without member prices, as a ratio, in one run.

Run: make bench-prices  (or: .venv/bin/python -m bench.member_prices [rounds])
A Gold member's checkout of 10 variants; each round reads the checkout's prices
(`checkout { lines { totalPrice } subtotalPrice totalPrice }`) and places the order
(checkoutComplete), once with a Gold price on all 10 variants and once with none.
Everything happens in one transaction that is rolled back at the end.
"""
import statistics
import time
from decimal import Decimal

import graphene
from django.utils import timezone

from bench.common import machine, run_rolled_back
from saleor_loyalty.catalogue.models import MemberPrice
from saleor_loyalty.core.program import load_program
from saleor_loyalty.members import joining as members
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import ApiClient
from tests.fixtures.checkout import complete_checkout, create_checkout, ship_and_pay
from tests.fixtures.shop import create_shop
from tests.fixtures.users import create_customer

LINES = 10
PRICES = """
query($token: UUID!) {
  checkout(token: $token) {
    lines { totalPrice { gross { amount } } } subtotalPrice { gross { amount } }
    totalPrice { gross { amount } }
  }
}
"""


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def one_round(api, shop, lines):
    checkout_id = create_checkout(api, lines)
    ship_and_pay(api, checkout_id, shop.shipping_method)
    token = graphene.Node.from_global_id(checkout_id)[1]
    read, checkout = timed(lambda: api.query(PRICES, {"token": token}))
    complete, result = timed(lambda: complete_checkout(api, checkout_id))
    assert result["errors"] == [], result["errors"]
    return read, complete, checkout["checkout"]["totalPrice"]["gross"]["amount"]


def main(rounds: int = 20):
    shop = create_shop()
    lines = [(shop.add_variant(f"Priced item {i}", "19.90"), 1 + i % 3) for i in range(LINES)]
    Tier.objects.create(name="Member", slug="bench-member", rank=0)  # the entry tier
    gold = Tier.objects.create(name="Gold", slug="bench-gold", rank=2, threshold=2000)
    user = create_customer("bench-prices@example.com", password="secret-password")
    member = members.join(user, load_program(), today=timezone.localdate())
    member.tier = gold
    member.save(update_fields=["tier"])
    api = ApiClient().login(user.email, "secret-password")

    def set_prices(on: bool):
        MemberPrice.objects.all().delete()
        if on:
            MemberPrice.objects.bulk_create(
                MemberPrice(variant=v, tier=gold, price_amount=Decimal("15.00"), currency="USD")
                for v, _ in lines
            )

    timings = {on: {"read": [], "complete": []} for on in (False, True)}
    totals = {}
    one_round(api, shop, lines)  # warm-up
    for _ in range(rounds):
        for on in (False, True):
            set_prices(on)
            read, complete, totals[on] = one_round(api, shop, lines)
            timings[on]["read"].append(read)
            timings[on]["complete"].append(complete)

    def median_ms(on, what):
        return statistics.median(timings[on][what]) * 1000

    print(f"Machine: {machine()}")
    print(f"{rounds} rounds, {LINES}-line checkout of a Gold member, medians "
          f"(totals: {totals[False]} without, {totals[True]} with member prices):")
    print("| | without member prices, ms | with member prices, ms | ratio |")
    print("|---|---|---|---|")
    for what, label in (("read", "checkout prices query"), ("complete", "checkoutComplete")):
        without, with_prices = median_ms(False, what), median_ms(True, what)
        print(f"| {label} | {without:.1f} | {with_prices:.1f} | {with_prices / without:.2f} |")


if __name__ == "__main__":
    run_rolled_back(main, 20)
