"""The staff member search is answered by trigram indexes, not by reading every customer."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q

SEARCH_INDEXES = ["loyalty_user_email_trgm", "loyalty_user_first_name_trgm", "loyalty_user_last_name_trgm"]


def _customer_search_plan(word: str) -> str:
    """The plan of one search word as the member list writes it (`icontains` on the
    customer's e-mail, first and last name), over enough customers that reading them all
    costs more than the indexes."""
    User = get_user_model()
    User.objects.bulk_create(
        User(email=f"shopper-{n}@example.com", first_name=f"First{n}", last_name=f"Last{n}")
        for n in range(20000)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {User._meta.db_table}")
    customers = User.objects.filter(
        Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
    ).order_by()  # the member list sorts members, not customers
    with transaction.atomic(), connection.cursor() as cursor:
        # Keep the planner from reading the table anyway on so few test rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        return customers.explain()


def _search_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'loyalty_user_%%_trgm' ORDER BY 1")
        return [name for (name,) in cursor.fetchall()]


def test_member_search_on_email_and_names_uses_the_trigram_indexes(db):
    plan = _customer_search_plan("lovelace")

    assert all(name in plan for name in SEARCH_INDEXES), plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_search_indexes_command_builds_them_again_after_they_were_dropped():
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX loyalty_user_email_trgm")
    out = StringIO()

    call_command("loyalty_search_indexes", stdout=out)
    call_command("loyalty_search_indexes", stdout=out)

    assert _search_indexes() == SEARCH_INDEXES
    assert out.getvalue().count("Member search indexes are built.") == 2
