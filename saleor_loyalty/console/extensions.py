"""The console's pages inside Saleor 3's Dashboard, as app extensions (README, "Inside the
Saleor Dashboard"): the program under Customers, a card on each customer's and each
order's page, a home-page widget. All are pages of the one console build under
/loyalty/app/, which takes the Dashboard's token instead of a sign-in.

Registered on every `migrate` and by `loyalty_dashboard install`, idempotently; shown
while the plugin is active, hidden while it is switched off, removed by
`loyalty_dashboard remove` (before uninstalling the package).
"""
from saleor_loyalty.core.identity import PLUGIN_ID, PLUGIN_NAME
from saleor_loyalty.core.program import load_program
from saleor_loyalty.host import dashboard
from saleor_loyalty.host.dashboard import DashboardApp, Extension
from saleor_loyalty.host.permissions import (
    MANAGE_DISCOUNTS,
    MANAGE_ORDERS,
    MANAGE_PRODUCTS,
    MANAGE_USERS,
)

APP_PATH = "/loyalty/app/"

DASHBOARD_APP = DashboardApp(
    identifier=PLUGIN_ID,
    name=PLUGIN_NAME,
    about="Membership and loyalty: points on orders, tiers, member prices, coupons (the "
          "saleor-loyalty plugin; its pages are served by Saleor itself).",
    path=APP_PATH,
    homepage="/loyalty/",
    # The token of each page is the staff user's permissions within these.
    permissions=(MANAGE_USERS, MANAGE_ORDERS, MANAGE_PRODUCTS, MANAGE_DISCOUNTS),
    extensions=(
        Extension("loyalty-program", "Loyalty", "NAVIGATION_CUSTOMERS", "APP_PAGE", "/program",
                  (MANAGE_USERS,)),
        # Cards: shown to every staff user; one without the permission gets no token and
        # the card says which permission is missing.
        Extension("loyalty-customer", "Loyalty", "CUSTOMER_DETAILS_WIDGETS", "WIDGET", "/customer",
                  (MANAGE_USERS,)),
        Extension("loyalty-order", "Loyalty points", "ORDER_DETAILS_WIDGETS", "WIDGET", "/order",
                  (MANAGE_USERS, MANAGE_ORDERS)),
        Extension("loyalty-home", "Loyalty", "HOMEPAGE_WIDGETS", "WIDGET", "/home", (MANAGE_USERS,)),
    ),
)


def install() -> bool:
    """Register the app and its extensions (again); whether this Saleor has extensions."""
    if not dashboard.EXTENDS_DASHBOARD:
        return False
    dashboard.register(DASHBOARD_APP, active=load_program().active)
    return True


def program_switched(active: bool) -> None:
    """The plugin was switched on or off: show or hide its extensions."""
    dashboard.set_active(DASHBOARD_APP.identifier, active)


def remove() -> int:
    """Remove the app and its extensions from the Dashboard."""
    return dashboard.unregister(DASHBOARD_APP.identifier)
