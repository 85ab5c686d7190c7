"""Every journey job run twice over 100,000 members: the second run must send nothing.

Run: make bench-journeys  (or: .venv/bin/python -m bench.journeys [members])
Generated with set-based SQL: the members (lifetime points 0 to 3,000, 5 % in a tier's
grace period), one order each over the last two days straight into Saleor's tables (a
third unpaid, a third fulfilled), each member's first paid order in the plugin's record,
and one checkout with a line per member left a day ago. The demo shop's journeys run
(unpaid order, left checkout, after-sales follow-up, honeymoon, near the next tier, tier
lapse) plus a greeting dated today; the messages are created, not sent.
"""
import sys
from datetime import timedelta

from django.utils import timezone
from saleor.checkout.models import Checkout, CheckoutLine
from saleor.order.models import Fulfillment, Order
from saleor.payment.models import Payment
from saleor.product.models import ProductVariant

from bench.common import create_members, execute, machine, prepare_database, timer
from saleor_loyalty.core.program import default_configuration, parse_configuration
from saleor_loyalty.demo.journeys import create_demo_journeys
from saleor_loyalty.engagement import journey_runs, journeys
from saleor_loyalty.engagement.models import (
    Journey,
    JourneySend,
    JourneyStep,
    JourneyTrigger,
    Survey,
)
from saleor_loyalty.insight.models import CustomerFirstOrder
from saleor_loyalty.members.models import Member
from saleor_loyalty.notifications.models import Delivery
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.shop import create_shop

TIERS = [("Member", 0), ("Silver", 500), ("Gold", 2000)]


def remove_history():
    tables = ", ".join(model._meta.db_table
                       for model in (Delivery, JourneySend, JourneyStep, Journey, Survey))
    execute(f"TRUNCATE {tables} CASCADE")
    bench_checkouts = f"SELECT token FROM {Checkout._meta.db_table} WHERE email LIKE 'bench-%%'"
    execute(f"DELETE FROM {CheckoutLine._meta.db_table} WHERE checkout_id IN ({bench_checkouts})",
            {})
    execute(f"DELETE FROM {Checkout._meta.db_table} WHERE email LIKE 'bench-%%'", {})
    bench_orders = f"SELECT id FROM {Order._meta.db_table} WHERE token LIKE 'bench-%%'"
    for table in (Payment._meta.db_table, Fulfillment._meta.db_table):
        execute(f"DELETE FROM {table} WHERE order_id IN ({bench_orders})", {})
    execute(f"DELETE FROM {Order._meta.db_table} WHERE token LIKE 'bench-%%'", {})
    execute(f"TRUNCATE {CustomerFirstOrder._meta.db_table}")


def generate(count: int):
    tier_ids = []
    for rank, (name, threshold) in enumerate(TIERS):
        tier, _ = Tier.objects.update_or_create(
            slug=name.lower(), defaults={"name": name, "rank": rank, "threshold": threshold})
        tier_ids.append(tier.pk)
    create_members(count, lifetime=range(0, 3000), tier_id=tier_ids[0])
    member, order = Member._meta.db_table, Order._meta.db_table
    execute(f"""UPDATE {member} SET tier_id = %s, tier_since = now() - interval '200 days',
                    below_tier_since = now() - interval '3 days'
                WHERE random() < 0.05""", [tier_ids[1]])
    execute(
        f"""INSERT INTO {order} (created, tracking_client_id, user_email, user_id, token,
                total_net_amount, discount_amount, language_code, shipping_price_gross_amount,
                total_gross_amount, shipping_price_net_amount, status, display_gross_prices,
                customer_note, weight, checkout_token, currency)
            SELECT now() - random() * interval '2 days', '', '', m.user_id, 'bench-' || m.id,
                   50, 0, 'en', 0, 50, 0,
                   CASE WHEN m.id %% 3 = 0 THEN 'fulfilled' ELSE 'unfulfilled' END,
                   true, '', 0, '', 'USD'
            FROM {member} m ORDER BY 1""", {})
    execute(
        f"""INSERT INTO {Payment._meta.db_table} (gateway, is_active, created, modified,
                charge_status, billing_first_name, billing_last_name, billing_company_name,
                billing_address_1, billing_address_2, billing_city, billing_city_area,
                billing_postal_code, billing_country_code, billing_country_area, billing_email,
                cc_brand, cc_first_digits, cc_last_digits, extra_data, token, currency, total,
                captured_amount, to_confirm, order_id)
            SELECT 'mirumee.payments.dummy', true, o.created, o.created, 'fully-charged',
                   '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 'USD', 50, 50,
                   false, o.id
            FROM {order} o WHERE o.token LIKE 'bench-%%' AND o.id %% 3 <> 1""", {})
    execute(
        f"""INSERT INTO {Fulfillment._meta.db_table} (fulfillment_order, order_id, status,
                tracking_number, created, metadata, private_metadata)
            SELECT 1, o.id, 'fulfilled', '', o.created + interval '1 hour', '{{}}', '{{}}'
            FROM {order} o WHERE o.token LIKE 'bench-%%' AND o.status = 'fulfilled'""", {})
    execute(
        f"""INSERT INTO {CustomerFirstOrder._meta.db_table} (user_id, first_paid_at, written_by)
            SELECT o.user_id, o.created, txid_current()
            FROM {order} o WHERE o.token LIKE 'bench-%%' AND o.id %% 3 <> 1""", {})
    variant = ProductVariant.objects.filter(product__name="Bench tee").first() \
        or create_shop().add_variant("Bench tee", "10.00")
    execute(
        f"""INSERT INTO {Checkout._meta.db_table} (created, last_change, user_id, email, token,
                quantity, note, discount_amount, discount_name, translated_discount_name,
                voucher_code, currency, country, metadata, private_metadata)
            SELECT now() - interval '1 day', now() - interval '1 day', m.user_id,
                   'bench-' || m.id || '@example.com', gen_random_uuid(), 1, '', 0, '', '', '',
                   'USD', 'US', '{{}}', '{{}}'
            FROM {member} m""", {})
    execute(
        f"""INSERT INTO {CheckoutLine._meta.db_table} (checkout_id, variant_id, quantity, data)
            SELECT token, %s, 1, '{{}}' FROM {Checkout._meta.db_table}
            WHERE email LIKE 'bench-%%'""", [variant.pk])
    for table in (member, order, Checkout._meta.db_table, CustomerFirstOrder._meta.db_table):
        execute(f"VACUUM ANALYZE {table}")


def main(count: int = 100_000):
    prepare_database()
    remove_history()
    results = {}
    with timer(results, "generate"):
        generate(count)
    now = timezone.now()
    local = timezone.localdate(now)
    starts = now - timedelta(days=3)
    for journey in create_demo_journeys():
        Journey.objects.filter(pk=journey.pk).update(starts_at=starts)
    greeting = journeys.create_journey(
        {"name": "Today's greeting", "trigger": JourneyTrigger.DATE, "month": local.month,
         "day": local.day, "steps": [{"wait_hours": 0, "templates": {"email": "Hi {first_name}"}}]},
        starts)
    Journey.objects.filter(pk=greeting.pk).update(starts_at=starts)
    program = parse_configuration(default_configuration(), active=True)
    created = []
    for run in ("first run", "second run"):
        with timer(results, run + " record"):
            results[run + " sends"] = journey_runs.record_due_sends(program, now)
        with timer(results, run + " process"):
            journey_runs.process_sends(program, now, tell=created.append)
        results[run] = results[run + " record"] + results[run + " process"]
        results[run + " messages"] = sum(len(ids) for ids in created)
        created.clear()
    print(f"Machine: {machine()}")
    print(f"{count:,} members (generated in {results['generate']:.1f} s)")
    print("| run | sends recorded | messages created | recording, s | gifts and messages, s "
          "| total, s |")
    print("|---|---|---|---|---|---|")
    for run in ("first run", "second run"):
        print(f"| {run} | {results[run + ' sends']:,} | {results[run + ' messages']:,} "
              f"| {results[run + ' record']:.1f} | {results[run + ' process']:.1f} "
              f"| {results[run]:.1f} |")
    for journey in Journey.objects.order_by("name"):
        print(f"  {journey.name}: {JourneySend.objects.filter(step__journey=journey).count():,}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
