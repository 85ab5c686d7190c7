from django.core.management.base import BaseCommand

from ... import demo
from ...host import demo as host_demo


class Command(BaseCommand):
    help = (
        "Load Saleor's demo shop (once) and the loyalty demo program: tiers and "
        "members. Safe to run again."
    )

    def handle(self, *args, **options):
        if host_demo.populate_saleor_demo():
            self.stdout.write("Loaded Saleor's demo shop.")
        tiers = demo.create_demo_tiers()
        members = demo.enrol_demo_members()
        self.stdout.write(
            f"Loyalty demo: {len(tiers)} tiers, {len(members)} members."
        )
        member_users = {m.user_id for m in members}
        self.stdout.write("")
        self.stdout.write("Demo accounts")
        self.stdout.write(
            f"  staff:    {host_demo.STAFF_EMAIL} / {host_demo.STAFF_PASSWORD}"
        )
        for customer in host_demo.demo_customers()[:6]:
            role = "member" if customer.pk in member_users else "guest "
            self.stdout.write(
                f"  {role}:   {customer.email} / {host_demo.CUSTOMER_PASSWORD}"
            )
