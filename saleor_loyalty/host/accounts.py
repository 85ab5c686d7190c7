"""Saleor accounts as the loyalty profile reads them (the same on both Saleor generations:
`first_name`, `last_name` and the address book `addresses` on `account.User`)."""
from django.contrib.auth.hashers import make_password
from django.db.models.functions import Lower
from saleor.account.models import User


def users_with_complete_profile():
    """Queryset of the ids of accounts with a first name, a last name and at least one
    address in their address book, for use as a subquery."""
    return (
        User.objects.exclude(first_name="").exclude(last_name="")
        .filter(addresses__isnull=False)
        .values("pk")
    )


def customer_ids_by_email(emails):
    """{lower-cased e-mail: account id} of the accounts with one of `emails` (lower-cased
    e-mails; accounts stored with other letter cases are found too). One query per 5,000."""
    emails = list(emails)
    found = {}
    for start in range(0, len(emails), 5000):
        chunk = emails[start:start + 5000]
        # Saleor keeps e-mails as typed (2.10 lower-cases the domain only): look both the
        # lower-cased form and, through the unique index, the typed one up.
        rows = User.objects.filter(email__in=chunk).values_list("email", "pk")
        found.update((email.lower(), pk) for email, pk in rows)
        missing = [email for email in chunk if email not in found]
        if missing:
            rows = User.objects.annotate(lower_email=Lower("email")).filter(
                lower_email__in=missing).values_list("email", "pk")
            found.update((email.lower(), pk) for email, pk in rows)
    return found


def create_customers(emails):
    """Create customer accounts without a password (they set one with Saleor's password
    reset) for `emails`, in one statement; {e-mail: account id}."""
    users = [User(email=email, is_active=True, password=make_password(None)) for email in emails]
    User.objects.bulk_create(users)
    return {user.email: user.pk for user in users}
