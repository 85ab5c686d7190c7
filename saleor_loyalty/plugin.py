import copy

from django.core.exceptions import ValidationError
from django.db import transaction

from saleor_loyalty import order_events
from saleor_loyalty.catalogue import member_only as member_products
from saleor_loyalty.catalogue import member_prices as pricing
from saleor_loyalty.console import extensions as dashboard_pages
from saleor_loyalty.core import refusals
from saleor_loyalty.core.identity import PLUGIN_NAME
from saleor_loyalty.core.program import (
    PLUGIN_ID,
    config_structure,
    default_configuration,
    parse_configuration,
)
from saleor_loyalty.coupons import member_coupons as coupons
from saleor_loyalty.coupons import points_mall
from saleor_loyalty.host.checkout import checkout_variants, refuse_order
from saleor_loyalty.host.plugins import BasePlugin
from saleor_loyalty.points import tasks as points_tasks


class LoyaltyPlugin(BasePlugin):
    """Translates Saleor's plugin hooks into loyalty domain calls; holds no logic.

    Every order hook reconciles the ledger with the order as it is now
    (`order_events.order_changed`), so which hook Saleor happens to call for an action
    (see README, "Order lifecycle") does not matter.
    """

    PLUGIN_ID = PLUGIN_ID
    PLUGIN_NAME = PLUGIN_NAME
    PLUGIN_DESCRIPTION = (
        "Membership and loyalty: points on orders, tiers, member prices, coupons."
    )
    DEFAULT_ACTIVE = True
    DEFAULT_CONFIGURATION = default_configuration()
    CONFIG_STRUCTURE = config_structure()

    def get_plugin_configuration(self, configuration):
        # Saleor 2.10 hands DEFAULT_CONFIGURATION itself to a plugin that has no saved
        # configuration and later edits those dicts in place: work on a copy.
        return super().get_plugin_configuration(copy.deepcopy(configuration))

    @classmethod
    def validate_plugin_configuration(cls, plugin_configuration, **_host):
        parse_configuration(plugin_configuration.configuration, plugin_configuration.active)

    def save_plugin_configuration(self, plugin_configuration, cleaned_data):
        """Saving the settings is how the program is switched off and on; no order hook
        runs while it is off, so a pause is remembered, and when it ends every order
        changed during it is reconciled (README, "Pausing the program")."""
        with transaction.atomic():
            saved = super().save_plugin_configuration(plugin_configuration, cleaned_data)
            order_events.program_switched(
                saved.active, reconcile_later=points_tasks.schedule_pause_reconciliation
            )
            dashboard_pages.program_switched(saved.active)
        return saved

    def _order_changed(self, order, previous_value):
        if self.active:
            program = parse_configuration(self.configuration, self.active)
            order_events.order_changed(order, program, retry=points_tasks.schedule_order_retry)
        return previous_value

    # Saleor 3 passes `webhooks=` to its order hooks; the ledger has no use for it.
    def order_created(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    def order_confirmed(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    def order_paid(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    def order_fully_paid(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    def order_updated(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    def order_cancelled(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    def order_fulfilled(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    def order_refunded(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    def order_fully_refunded(self, order, previous_value, **_host):
        return self._order_changed(order, previous_value)

    # Saleor's pricing and checkout hooks reach these through the host's BasePlugin, which
    # knows each Saleor generation's signatures (host/<generation>/plugins.py).
    def member_checkout_line_total(self, checkout_line, shop_unit, previous_value):
        if not self.active:
            return previous_value
        return pricing.safely(
            lambda: pricing.checkout_line_total(checkout_line, shop_unit, previous_value),
            previous_value,
            "a checkout line's member price",
        )

    def member_order_line_unit(self, order_line, previous_value):
        if not self.active:
            return previous_value
        return pricing.safely(
            lambda: pricing.order_line_unit(order_line, previous_value),
            previous_value,
            "an order line's member price",
        )

    def member_lines_changed(self, stored_prices):
        """Lines Saleor 3 stores member prices on changed (added, updated, the customer
        attached): store the member's prices."""
        pricing.safely(lambda: pricing.reprice(stored_prices), None, "member prices of changed lines")

    def before_order_creation(self, checkout, stored_prices=None):
        """The last word on member-only products, member coupons and (on Saleor 3, which
        stores them) member prices, before any payment is taken. Like product
        visibility, the first two hold while the program is paused too."""
        self._refuse_member_only_products(checkout)
        self._refuse_foreign_coupon(checkout)
        if stored_prices is not None:
            try:
                pricing.refuse_stale_prices(stored_prices)
            except ValidationError as error:
                raise _refusal(error)

    @staticmethod
    def _refuse_member_only_products(checkout):
        """Products of a tier above the buyer's are for members of that tier."""
        try:
            member_products.check_purchase(checkout.user_id, checkout_variants(checkout.pk))
        except ValidationError as error:
            raise _refusal(error)

    @staticmethod
    def _refuse_foreign_coupon(checkout):
        """A member coupon is only for its member's checkout; a product reward's code
        only for its own variant."""
        try:
            coupons.check_code_owner(checkout.user_id, checkout.voucher_code)
            points_mall.check_reward_variant(checkout.voucher_code, checkout_variants(checkout.pk))
        except ValidationError as error:
            raise _refusal(error)


def _refusal(error: ValidationError) -> ValidationError:
    """Saleor's refusal of the order, keeping the loyalty error for the answer."""
    refusals.record(error)
    (field,) = error.error_dict
    return refuse_order(error.messages[0], field=field)
