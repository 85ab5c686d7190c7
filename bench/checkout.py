"""checkoutComplete for a 3-line order with and without the loyalty plugin, in one run.

Run: make bench-checkout  (or: .venv/bin/python -m bench.checkout [rounds])
Each round places two orders through Saleor's real GraphQL checkout as a member
(in one transaction that is rolled back at the end):
one with the plugin active, one with it switched off; only checkoutComplete is timed.
"""
import statistics
import time

from django.utils import timezone
from saleor.plugins.models import PluginConfiguration

from bench.common import machine, run_rolled_back
from saleor_loyalty.core.program import PLUGIN_ID, default_configuration, load_program
from saleor_loyalty.members import joining as members
from tests.fixtures.api import ApiClient
from tests.fixtures.checkout import complete_checkout, create_checkout, ship_and_pay
from tests.fixtures.shop import create_shop
from tests.fixtures.users import create_customer


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


def main(rounds: int = 30):
    shop = create_shop()
    lines = [(shop.add_variant(f"Bench item {i}", "19.90"), 1 + i) for i in range(3)]
    user = create_customer("bench-buyer@example.com", password="secret-password")
    members.join(user, load_program(), today=timezone.localdate())
    api = ApiClient().login(user.email, "secret-password")
    timings = {True: [], False: []}
    timed_checkout(api, shop, lines)  # warm-up
    for _ in range(rounds):
        for active in (False, True):
            set_plugin_active(active)
            timings[active].append(timed_checkout(api, shop, lines))
    without, with_plugin = statistics.median(timings[False]), statistics.median(timings[True])
    print(f"Machine: {machine()}")
    print(f"{rounds} rounds, 3-line order, median checkoutComplete:")
    print("| | ms |")
    print("|---|---|")
    print(f"| without the plugin | {without * 1000:.1f} |")
    print(f"| with the plugin (member earns points) | {with_plugin * 1000:.1f} |")
    print(f"| ratio | {with_plugin / without:.2f} |")
    print(f"| added by the plugin | {(with_plugin - without) * 1000:.1f} |")


if __name__ == "__main__":
    run_rolled_back(main, 30)
