"""Saleor accounts as the loyalty profile reads them (the same on both Saleor generations:
`first_name`, `last_name` and the address book `addresses` on `account.User`)."""
import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH
from django.db import connection
from saleor.account.models import User


def users_with_complete_profile():
    """Queryset of the ids of accounts with a first name, a last name and at least one
    address in their address book, for use as a subquery."""
    return (
        User.objects.exclude(first_name="").exclude(last_name="")
        .filter(addresses__isnull=False)
        .values("pk")
    )


def customer_ids_by_email(emails, any_case: bool = True):
    """{lower-cased e-mail: account id} of the accounts with one of `emails` (lower-cased
    e-mails), in one statement. Saleor keeps e-mails as typed (2.10 lower-cases the domain
    only): with `any_case` accounts stored with other letter cases are found too (one scan
    of the account table: for a whole file at once), an account stored exactly so winning;
    without, only through the unique index (accounts as `create_customers` makes them)."""
    emails = list(emails)
    if not emails:
        return {}
    where = "lower(email) = ANY(%s)" if any_case else "email = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT email, id FROM {User._meta.db_table} WHERE {where}", [emails])
        rows = cursor.fetchall()
    # Exact matches last, so that they win.
    return {email.lower(): pk for email, pk in sorted(rows, key=lambda r: r[0] == r[0].lower())}


def _unusable_password() -> str:
    """What Django's make_password(None) gives (a password nobody can log in with), from
    one call to the system's random source instead of one per character."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(UNUSABLE_PASSWORD_SUFFIX_LENGTH // 2)


def create_customers(emails):
    """Create customer accounts without a password (they set one with Saleor's password
    reset) for `emails` (lower-cased), in one statement, without Saleor's events (as an
    import writes). Every other column gets its field's default, a default made by a call
    (Saleor 3's `uuid` and `jwt_token_key`) one call per account. An e-mail that has an
    account by then (made meanwhile) keeps it. {e-mail: id of the account made}."""
    emails = list(emails)
    if not emails:
        return {}
    template = User(email="", is_active=True)
    names, values, types = [], [], []  # columns; a list (one value per account) or one value
    for field in User._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.name == "email":
            value = emails
        elif field.name == "password":
            value = [_unusable_password() for _ in emails]
        elif field.has_default() and callable(field.default):
            made = [field.get_default() for _ in emails]
            value = made if any(v != made[0] for v in made) else made[0]
        else:
            value = field.pre_save(template, add=True)
        prepare = field.get_db_prep_save
        if isinstance(value, list):
            value = [prepare(v, connection) for v in value]
        else:
            value = prepare(value, connection)
        names.append(field.column)
        values.append(value)
        types.append(field.db_type(connection))
    arrays = [i for i, value in enumerate(values) if isinstance(value, list)]
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    selected = ", ".join(
        f"v.c{i}" if i in arrays else f"%s::{types[i]}" for i in range(len(names)))
    unnested = ", ".join(f"%s::{types[i]}[]" for i in arrays)
    sql = (f"INSERT INTO {User._meta.db_table} ({columns}) SELECT {selected} "
           f"FROM unnest({unnested}) AS v({', '.join(f'c{i}' for i in arrays)}) "
           "ON CONFLICT DO NOTHING RETURNING email, id")
    params = [v for v in values if not isinstance(v, list)] + [values[i] for i in arrays]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())
