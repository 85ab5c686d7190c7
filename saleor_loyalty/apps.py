import logging

from django.apps import AppConfig

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
