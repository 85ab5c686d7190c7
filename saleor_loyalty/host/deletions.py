"""Saleor deletions the program reacts to, whatever deletes the row: a GraphQL
mutation (`customerDelete`, `customerBulkDelete`, `accountDelete`, `staffDelete`,
`voucherDelete`, `productDelete`, `productVariantDelete`, their bulk forms), the
dashboard, Django's admin or code.

Saleor 2.10 calls no plugin hook for them (Saleor 3 calls some, not for every path), so
the handlers are Django `pre_delete` receivers on the models, which sit in the same
modules in both generations. They run in the deleting transaction, before the row and
what cascades from it go, so they still read it (a product's vouchers, say) and a failure
rolls the delete back with them.
"""
from typing import Callable

from django.db.models.signals import pre_delete
from saleor.account.models import User
from saleor.discount.models import Voucher
from saleor.product.models import Product, ProductVariant


def connect(*, customer_deleted: Callable[[int], None], voucher_deleted: Callable[[int], None],
            product_deleted: Callable[[int], None], variant_deleted: Callable[[int], None]):
    """Call each handler with the id of the account, voucher, product or product variant
    about to be deleted (once per row, bulk deletes and cascades included: a product's
    variants go with it). Safe to call again."""
    for model, handler in ((User, customer_deleted), (Voucher, voucher_deleted),
                           (Product, product_deleted), (ProductVariant, variant_deleted)):

        def receiver(sender, instance, handler=handler, **_kwargs):
            handler(instance.pk)

        pre_delete.connect(receiver, sender=model, weak=False,
                           dispatch_uid=f"saleor_loyalty:{model._meta.label}:deleted")
