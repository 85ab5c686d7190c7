from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "saleor_loyalty"
    label = "saleor_loyalty"
    verbose_name = "Loyalty"

    def ready(self):
        # Member-only products stay out of every product listing Saleor serves.
        # (The API adds its fields to Saleor's types when it builds the schema.)
        from saleor_loyalty.catalogue.member_only import visible_products_filter
        from saleor_loyalty.host import patches

        patches.install(visible_products_filter, type_fields=())
