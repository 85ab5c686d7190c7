from django.core.management.base import BaseCommand
from django.utils import timezone

from ... import demo, paid_orders
from ...host import demo as host_demo
from ...program import load_program
from ...segments import compute_segments


class Command(BaseCommand):
    help = (
        "Load Saleor's demo shop (once) and the loyalty demo program: tiers and "
        "members. Safe to run again."
    )

    def handle(self, *args, **options):
        if host_demo.populate_saleor_demo():
            self.stdout.write("Loaded Saleor's demo shop.")
        host_demo.enable_demo_logins()
        tiers = demo.create_demo_tiers()
        demo.sell_black_tier(tiers)
        members = demo.spread_over_tiers(demo.enrol_demo_members())
        orders = demo.credit_demo_history()
        priced = demo.set_demo_member_prices(tiers)
        member_only = demo.make_demo_member_only_products(tiers)
        # Saleor's demo orders are written without its order hooks, as an import is.
        paid_orders.reconcile()
        compute_segments(load_program(), timezone.now())
        self.stdout.write(
            f"Loyalty demo: {len(tiers)} tiers, {len(members)} members, "
            f"points for {orders} of their orders, member prices on {priced} variants."
        )
        self.stdout.write(f"Member-only products: {', '.join(member_only)}")
        member_users = {m.user_id for m in members}
        self.stdout.write("")
        self.stdout.write("Demo accounts")
        self.stdout.write(
            f"  {'staff:':18}{host_demo.STAFF_EMAIL} / {host_demo.STAFF_PASSWORD}"
        )
        customers = list(host_demo.demo_customers())
        shown = [c for c in customers if c.pk in member_users][:4] + [
            c for c in customers if c.pk not in member_users
        ][:2]
        tiers_by_user = {m.user_id: m.tier.name for m in members if m.tier_id}
        for customer in shown:
            role = (
                f"member ({tiers_by_user.get(customer.pk, '-')})"
                if customer.pk in member_users
                else "guest"
            )
            self.stdout.write(
                f"  {role + ':':18}{customer.email} / {host_demo.CUSTOMER_PASSWORD}"
            )
