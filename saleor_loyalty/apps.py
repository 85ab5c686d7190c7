from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "saleor_loyalty"
    label = "saleor_loyalty"
    verbose_name = "Loyalty"
