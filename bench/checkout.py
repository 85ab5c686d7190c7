"""checkoutComplete for a 3-line order with and without the loyalty plugin, paired.

Run: make bench-checkout  (or: .venv/bin/python -m bench.checkout [rounds], default 50)
A member places orders through Saleor's real GraphQL checkout (in one transaction that is
rolled back at the end). Each round places two, one with the plugin switched off and one
with it on, in an order that alternates from round to round; only checkoutComplete is
timed. The figure is the median of the rounds' ratios (on / off) with its 95 % bootstrap
interval (bench.common.paired).
"""
import time

from saleor.plugins.models import PluginConfiguration

from bench.common import machine, paired, run_rolled_back
from saleor_loyalty.core.program import PLUGIN_ID, default_configuration
from tests.fixtures.api import ApiClient
from tests.fixtures.checkout import complete_checkout, create_checkout, ship_and_pay
from tests.fixtures.loyalty import make_member
from tests.fixtures.shop import create_shop
from tests.fixtures.users import PASSWORD, create_customer

ROUNDS = 50


def set_plugin_active(active: bool):
    PluginConfiguration.objects.update_or_create(
        identifier=PLUGIN_ID,
        defaults={"configuration": default_configuration(), "active": active},
    )


def timed_checkout(api, shop, lines) -> float:
    checkout_id = create_checkout(api, lines)
    ship_and_pay(api, checkout_id, shop.shipping_method)
    start = time.perf_counter()
    result = complete_checkout(api, checkout_id)
    elapsed = time.perf_counter() - start
    assert result["errors"] == [], result["errors"]
    return elapsed


def member_checkout():
    """(shop, its 3 lines, a signed-in member's client) for the checkout benches."""
    shop = create_shop()
    lines = [(shop.add_variant(f"Bench item {i}", "19.90"), 1 + i) for i in range(3)]
    make_member(create_customer("bench-buyer@example.com"))
    return shop, lines, ApiClient().login("bench-buyer@example.com", PASSWORD)


def main(rounds: int):
    shop, lines, api = member_checkout()

    def measure(on: bool) -> float:
        set_plugin_active(on)
        return timed_checkout(api, shop, lines)

    result = paired(measure, rounds)
    print(f"Machine: {machine()}")
    result.report("checkoutComplete of a member's 3-line order", "without the plugin",
                  "with the plugin (member earns points)")


if __name__ == "__main__":
    run_rolled_back(main, ROUNDS)
