from datetime import timedelta

from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.loyalty import credit_points


def test_expiry_takes_the_oldest_lots_first_and_never_points_already_spent(member):
    start = timezone.now() - timedelta(days=400)
    old = credit_points(member, 100, "bonus:old", start)
    newer = credit_points(member, 100, "bonus:newer", start + timedelta(days=100))
    ledger.debit(ledger.lock_member(member.pk), key="redeem:1", kind="redeem", points=60,
                 now=start + timedelta(days=200))

    points_tasks.expire_points_task()

    old.refresh_from_db()
    newer.refresh_from_db()
    member.refresh_from_db()
    expiry = PointsTransaction.objects.get(kind="expiry")
    # the 60 spent came out of the oldest lot, so only its other 40 expire
    assert (expiry.points, expiry.lot_id, expiry.key) == (-40, old.pk, f"expire:{old.pk}")
    assert (old.remaining, newer.remaining) == (0, 100)
    assert member.points_balance == 100


def test_expiry_run_twice_expires_once(member):
    credit_points(member, 100, "bonus:old", timezone.now() - timedelta(days=366))

    ledger.expire_due(timezone.now())
    ledger.expire_due(timezone.now())

    assert PointsTransaction.objects.filter(kind="expiry").count() == 1
    member.refresh_from_db()
    assert member.points_balance == 0


def test_points_without_lifetime_never_expire(member):
    credit_points(member, 100, "bonus:forever", timezone.now() - timedelta(days=5000), lifetime_days=None)

    ledger.expire_due(timezone.now())

    member.refresh_from_db()
    assert member.points_balance == 100


def test_members_see_what_expires_in_the_next_30_days(customer_api, member):
    now = timezone.now()
    with freeze_time(now - timedelta(days=350)):
        credit_points(member, 30, "bonus:a", timezone.now())
    with freeze_time(now - timedelta(days=340)):
        credit_points(member, 20, "bonus:b", timezone.now())
    credit_points(member, 50, "bonus:c", now - timedelta(days=100))

    data = customer_api.query("{ me { loyalty { pointsBalance pointsExpiringSoon { points expiresAt } } } }")

    loyalty = data["me"]["loyalty"]
    assert loyalty["pointsBalance"] == 100
    assert [e["points"] for e in loyalty["pointsExpiringSoon"]] == [30, 20]
