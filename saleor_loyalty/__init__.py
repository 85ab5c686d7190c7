"""Membership and loyalty program for Saleor."""

default_app_config = "saleor_loyalty.apps.LoyaltyConfig"
