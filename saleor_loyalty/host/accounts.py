"""Saleor accounts as the loyalty profile reads them (the same on both Saleor generations:
`first_name`, `last_name` and the address book `addresses` on `account.User`)."""
from saleor.account.models import User


def users_with_complete_profile():
    """Queryset of the ids of accounts with a first name, a last name and at least one
    address in their address book, for use as a subquery."""
    return (
        User.objects.exclude(first_name="").exclude(last_name="")
        .filter(addresses__isnull=False)
        .values("pk")
    )
