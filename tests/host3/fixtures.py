"""Fixtures of the Saleor 3 tests (registered by tests/conftest.py on Saleor 3 only)."""
from typing import Dict

import pytest

from saleor_loyalty.tiers.models import Tier
from tests.fixtures.api import ApiClient
from tests.fixtures.orders import order_desk_for
from tests.fixtures.users import PASSWORD, create_customer, grant
from tests.host3.orders_driver import PaymentApp, RefundDesk


@pytest.fixture
def saleor_api(settings, db) -> ApiClient:
    """Saleor's own /graphql/ (its URLconf and schema, as a storefront that knows nothing
    of the plugin calls it), anonymous; every client of the test talks to it."""
    settings.ROOT_URLCONF = "saleor.urls"
    return ApiClient()


@pytest.fixture
def staff_with_products(db):
    return grant(create_customer("products@example.com", is_staff=True), "manage_products")


@pytest.fixture
def tiers(db) -> Dict[str, Tier]:
    return {
        slug: Tier.objects.create(name=slug.title(), slug=slug, rank=rank)
        for rank, slug in enumerate(["silver", "gold"], start=1)
    }


@pytest.fixture
def refund_desk(shop) -> RefundDesk:
    desk = order_desk_for(shop, "refunds@example.com", "handle_payments")
    return RefundDesk(desk.api, shop)


@pytest.fixture
def payment_app(db) -> PaymentApp:
    """Installed by staff holding MANAGE_APPS (and the HANDLE_PAYMENTS it gives the app)."""
    staff = grant(create_customer("apps@example.com", is_staff=True), "manage_apps", "handle_payments")
    return PaymentApp(ApiClient().login(staff.email, PASSWORD))
