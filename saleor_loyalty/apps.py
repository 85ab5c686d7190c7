import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)


class LoyaltyConfig(AppConfig):
    name = "saleor_loyalty"
    label = "saleor_loyalty"
    verbose_name = "Loyalty"

    def ready(self):
        # Like the plugin (entry_point.py), the app never stops Saleor from starting.
        try:
            self._connect_to_saleor()
        except Exception:  # noqa: BLE001
            logger.exception("The loyalty app could not connect to Saleor; Saleor runs without it.")
        post_migrate.connect(_register_dashboard_pages, sender=self)

    @staticmethod
    def _connect_to_saleor():
        # Member-only products stay out of every product listing Saleor serves.
        # (The API adds its fields to Saleor's types when it builds the schema.)
        from saleor_loyalty.catalogue.member_only import visible_products_filter
        from saleor_loyalty.host import patches

        patches.install(visible_products_filter, type_fields=())
        # What Saleor deletes: accounts (the membership is made anonymous), vouchers,
        # products and variants (member coupons made of them or giving them are withdrawn).
        from saleor_loyalty.coupons import withdrawal
        from saleor_loyalty.host import deletions
        from saleor_loyalty.members import erasure

        deletions.connect(customer_deleted=erasure.customer_deleted,
                          voucher_deleted=withdrawal.voucher_deleted,
                          product_deleted=withdrawal.product_deleted,
                          variant_deleted=withdrawal.variant_deleted)


def _register_dashboard_pages(plan=None, **_signal):
    """After every `migrate` (not a test's `flush`, which has no plan), the loyalty pages
    are registered in Saleor 3's Dashboard again (README, "Inside the Saleor Dashboard");
    a failure is logged and never fails the migration."""
    if plan is None:
        return
    from saleor_loyalty.console import extensions

    try:
        extensions.install()
    except Exception:  # noqa: BLE001
        logger.exception("The loyalty pages could not be registered in the Saleor Dashboard.")
