from django.core.management.base import BaseCommand

from saleor_loyalty.console import extensions
from saleor_loyalty.core.program import load_program


class Command(BaseCommand):
    help = (
        "Register the loyalty pages in the Saleor 3 Dashboard (a 'Loyalty' page under "
        "Customers, cards on customers' and orders' pages, a home-page widget) at the shop's "
        "PUBLIC_URL, or remove them (`remove`, before uninstalling the plugin). `migrate` "
        "registers them too; running either again leaves one set."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["install", "remove"], default="install")

    def handle(self, *args, action, **options):
        if action == "remove":
            if extensions.remove():
                self.stdout.write("Removed the loyalty app and its extensions from the Dashboard.")
            else:
                self.stdout.write("The loyalty app is not registered in the Dashboard: nothing to remove.")
        elif extensions.install():
            shown = "shown" if load_program().active else "hidden: the plugin is off"
            count = len(extensions.DASHBOARD_APP.extensions)
            self.stdout.write(f"The loyalty app and its {count} Dashboard extensions are registered ({shown}).")
        else:
            self.stdout.write("This Saleor's Dashboard has no app extensions: use the console at /loyalty/.")
