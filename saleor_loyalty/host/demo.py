"""Saleor's own demo shop, as the loyalty demo builds on it."""
from django.core.management import call_command
from saleor.account.models import User
from saleor.product.models import Product

STAFF_EMAIL = "admin@example.com"
STAFF_PASSWORD = "admin"
CUSTOMER_PASSWORD = "password"


def populate_saleor_demo() -> bool:
    """Load Saleor's demo catalogue, customers and orders once; True if it did now."""
    if Product.objects.exists():
        return False
    call_command("populatedb", withoutimages=True, createsuperuser=True)
    return True


def enable_demo_logins():
    """Saleor's populatedb stores its customers' password unhashed, so nobody can sign
    in with it: hash it, so the demo customers sign in with CUSTOMER_PASSWORD."""
    for user in User.objects.filter(is_staff=False).exclude(password__contains="$"):
        user.set_password(CUSTOMER_PASSWORD)
        user.save(update_fields=["password"])


def demo_customers():
    return User.objects.filter(is_staff=False, is_active=True).order_by("email")
