from django.core.management.base import BaseCommand

from saleor_loyalty.demo import program as demo
from saleor_loyalty.demo.year import load_demo_year
from saleor_loyalty.host import demo as host_demo


class Command(BaseCommand):
    help = (
        "Load Saleor's demo shop (once) and the loyalty demo program: tiers and "
        "members. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-history", action="store_true",
            help="Leave out the year of customers, orders and program activity.",
        )

    def handle(self, *args, **options):
        if host_demo.populate_saleor_demo():
            self.stdout.write("Loaded Saleor's demo shop.")
        program = demo.load_demo_program()
        year = None if options["without_history"] else load_demo_year()
        members = demo.as_now(program.members)
        self.stdout.write(
            f"Loyalty demo: {len(program.tiers)} tiers, {len(members)} members, "
            f"points for {program.orders} of their orders, member prices on "
            f"{program.priced} variants."
        )
        self.stdout.write(f"Member-only products: {', '.join(program.member_only)}")
        self.stdout.write(f"Journeys, switched on: {', '.join(program.journeys)}")
        self.stdout.write(f"Audiences and tag rules: {', '.join(program.audiences)}")
        if year is not None:
            self.stdout.write(
                f"A year of history: {year.customers} customers, {year.members} of them "
                f"members, {year.orders} orders, {year.check_ins} check-ins, "
                f"{year.redemptions} rewards bought with points, {year.answers} survey answers."
            )
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
