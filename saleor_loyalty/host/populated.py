"""What Saleor's `populatedb` gives every demo shop, on both Saleor generations, and how
the loyalty demo keeps the variants it sells in stock."""
from typing import Iterable, Optional

from saleor.account.models import User
from saleor.warehouse.models import Stock

# populatedb's superuser (--createsuperuser) and the password of its customers.
STAFF_EMAIL = "admin@example.com"
STAFF_PASSWORD = "admin"
CUSTOMER_PASSWORD = "password"
# Units the demo keeps available of each variant it sells, in every warehouse it uses.
DEMO_STOCK = 100


def demo_customers(excluding_domain: Optional[str] = None):
    """The shop's active customers by e-mail (but those at `excluding_domain`)."""
    customers = User.objects.filter(is_staff=False, is_active=True).order_by("email")
    if excluding_domain:
        customers = customers.exclude(email__iendswith=f"@{excluding_domain}")
    return customers


def keep_in_stock(variants: Iterable, warehouses: Iterable):
    """DEMO_STOCK units available of each variant in each warehouse (idempotent)."""
    variants, warehouses = list(variants), list(warehouses)
    for variant in variants:
        for warehouse in warehouses:
            Stock.objects.get_or_create(
                warehouse=warehouse, product_variant=variant, defaults={"quantity": DEMO_STOCK}
            )
    short = (
        Stock.objects.filter(product_variant__in=variants, warehouse__in=warehouses)
        .annotate_available_quantity()
        .filter(available_quantity__lt=DEMO_STOCK)
    )
    for stock in short:
        stock.quantity += DEMO_STOCK - stock.available_quantity
        stock.save(update_fields=["quantity"])
