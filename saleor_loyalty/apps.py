from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "saleor_loyalty"
    label = "saleor_loyalty"
    verbose_name = "Loyalty"

    def ready(self):
        # Member-only products stay out of every product listing Saleor serves.
        from .host.products import install_visibility_rule
        from .member_products import visible_products_filter

        install_visibility_rule(visible_products_filter)
