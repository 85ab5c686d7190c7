"""A job whose database connection is dropped halfway (issue 23, item 11): the run fails
cleanly, the next run completes the work, nothing is applied twice, and `loyalty_verify`
finds every cached balance equal to the ledger.

Each job runs in its own database session (a thread, as a worker would). A trigger on a
table the job writes makes that session wait, on the row named, for a lock the test holds;
the test then ends the session with `pg_terminate_backend`, as a database restart or a
network cut would."""
import functools
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import Error, connection
from django.utils import timezone

from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.engagement import campaigns
from saleor_loyalty.engagement import tasks as engagement_tasks
from saleor_loyalty.engagement.models import CampaignGrant
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight import tasks as insight_tasks
from saleor_loyalty.insight.models import MemberSegment, SegmentRun
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger, pending
from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.points.verify import find_differences
from saleor_loyalty.tiers import tasks as tier_tasks
from saleor_loyalty.tiers.models import Tier, TierChange
from tests.fixtures.host_database import share_test_transactions_with_the_replica
from tests.fixtures.loyalty import credit_points, make_member
from tests.fixtures.users import create_customer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HALT_LOCK = 0x4C59_4854  # "LYHT": held by the test while the job waits on it
HALT = "loyalty_test_halt"
TXN, MEMBER = PointsTransaction._meta.db_table, Member._meta.db_table


@contextmanager
def _operator():
    """A session of the test's own beside the job's: it holds the lock and ends the job's."""
    session = connection.get_new_connection(connection.get_connection_params())
    session.autocommit = True
    try:
        yield lambda sql, params=None: _execute(session, sql, params)
    finally:
        session.close()


def _execute(session, sql, params):
    cursor = session.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None
    finally:
        cursor.close()


def _in_own_session(job):
    outcome = {}

    def run():
        share_test_transactions_with_the_replica()
        try:
            job()
            outcome["done"] = True
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _waiting_session(sql, thread, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = sql(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND classid = 0 AND objid = %s AND database ="
            " (SELECT oid FROM pg_database WHERE datname = current_database())",
            [HALT_LOCK],
        )
        if rows:
            return rows[0][0]
        assert thread.is_alive(), "the job ended without writing the row it was to stop at"
        time.sleep(0.02)
    raise AssertionError("the job did not reach the row it was to stop at")


def drop_connection_halfway(job, table: str, when: str):
    """Run `job` in its own session and terminate that session when it writes a row of
    `table` matching `when` (SQL on NEW); the job must fail with a database error."""
    with _operator() as sql:
        sql(f"""CREATE OR REPLACE FUNCTION {HALT}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_advisory_xact_lock_shared({HALT_LOCK}); RETURN NEW; END $$""")
        sql(f"CREATE TRIGGER {HALT} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW"
            f" WHEN ({when}) EXECUTE PROCEDURE {HALT}()")
        sql("SELECT pg_advisory_lock(%s)", [HALT_LOCK])
        thread = None
        try:
            thread, outcome = _in_own_session(job)
            sql("SELECT pg_terminate_backend(%s)", [_waiting_session(sql, thread)])
            thread.join(timeout=30)
        finally:
            sql("SELECT pg_advisory_unlock(%s)", [HALT_LOCK])
            if thread is not None:
                thread.join(timeout=30)
            sql(f"DROP TRIGGER IF EXISTS {HALT} ON {table}")
            sql(f"DROP FUNCTION IF EXISTS {HALT}()")
    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), Error), outcome


def assert_ledger_matches_cached_balances():
    assert find_differences() == []
    call_command("loyalty_verify")  # raises CommandError on any difference


def members(count, prefix):
    return [make_member(create_customer(f"{prefix}{i}@example.com")) for i in range(count)]


@pytest.fixture
def batches_of_two(monkeypatch):
    """Release and expiry in batches of two members (a transaction each), so a drop in the
    second batch comes after the first one committed."""
    for module, job in ((pending, "release_due"), (ledger, "expire_due")):
        monkeypatch.setattr(module, job, functools.partial(getattr(module, job), batch_size=2))


def test_expiry_dropped_halfway_expires_each_lot_once_on_the_next_run(entry_tier, batches_of_two):
    team = members(4, "expire")
    for member in team:
        credit_points(member, 50, f"old:{member.pk}", now=timezone.now() - timedelta(days=3),
                      lifetime_days=1)

    drop_connection_halfway(points_tasks.expire_points_task, TXN,
                            f"NEW.kind = 'expiry' AND NEW.member_id = {team[-1].pk}")

    expired = PointsTransaction.objects.filter(kind="expiry")
    assert sorted(expired.values_list("member_id", flat=True)) == [m.pk for m in team[:2]]
    assert_ledger_matches_cached_balances()
    points_tasks.expire_points_task()
    points_tasks.expire_points_task()

    assert list(Member.objects.values_list("points_balance", flat=True)) == [0] * 4
    assert sorted(expired.values_list("member_id", flat=True)) == [m.pk for m in team]
    assert_ledger_matches_cached_balances()


def test_release_dropped_halfway_releases_each_earning_once_on_the_next_run(entry_tier, batches_of_two):
    team = members(4, "release")
    for member in team:
        PointsTransaction.objects.create(
            member=member, key=f"earn:r{member.pk}", kind="earn", status="pending", points=70,
            order_key=f"r{member.pk}", window_ends_at=timezone.now() - timedelta(minutes=1),
        )
        Member.objects.filter(pk=member.pk).update(pending_points=70)

    drop_connection_halfway(points_tasks.release_due_points_task, MEMBER,
                            f"NEW.id = {team[-1].pk} AND NEW.points_balance > 0")

    released = PointsTransaction.objects.filter(kind="earn", status="available")
    assert sorted(released.values_list("member_id", flat=True)) == [m.pk for m in team[:2]]
    assert_ledger_matches_cached_balances()
    points_tasks.release_due_points_task()
    points_tasks.release_due_points_task()

    assert sorted(Member.objects.values_list("points_balance", "pending_points", "lifetime_points")) == [
        (70, 0, 70)] * 4
    assert sorted(released.values_list("member_id", flat=True)) == [m.pk for m in team]
    assert_ledger_matches_cached_balances()


def test_tier_review_dropped_halfway_moves_each_member_once_on_the_next_run(entry_tier):
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, threshold=Decimal(500))
    team = members(3, "review")
    Member.objects.filter(pk__in=[m.pk for m in team]).update(
        tier=gold, below_tier_since=timezone.now() - timedelta(days=400))
    changes_before = TierChange.objects.count()

    drop_connection_halfway(tier_tasks.review_tiers_task, TierChange._meta.db_table,
                            f"NEW.member_id = {team[-1].pk}")

    assert TierChange.objects.count() == changes_before
    assert list(Member.objects.values_list("tier__slug", flat=True)) == ["gold"] * 3
    tier_tasks.review_tiers_task()  # the review's lock went with the dropped session
    tier_tasks.review_tiers_task()

    assert list(Member.objects.values_list("tier__slug", flat=True)) == ["member"] * 3
    downgrades = TierChange.objects.filter(to_tier__slug="member", from_tier=gold)
    assert sorted(downgrades.values_list("member_id", flat=True)) == [m.pk for m in team]
    assert_ledger_matches_cached_balances()


def test_segments_dropped_halfway_are_computed_by_the_next_run(entry_tier):
    team = members(3, "segment")

    drop_connection_halfway(insight_tasks.compute_segments_task, MemberSegment._meta.db_table,
                            f"NEW.member_id = {team[-1].pk}")

    assert not MemberSegment.objects.exists() and not SegmentRun.objects.exists()
    insight_tasks.compute_segments_task()  # the run's lock went with the dropped session

    assert SegmentRun.objects.count() == 1
    assert sorted(MemberSegment.objects.values_list("member_id", flat=True)) == [m.pk for m in team]


def _gifts(campaign):
    keys = {f"campaign:{campaign.pk}:{grant.member_id}": grant.member_id for grant in campaign.grants.all()}
    bonuses = PointsTransaction.objects.filter(key__in=keys)
    coupons = Coupon.objects.filter(member_id__in=keys.values(), kind="campaign")
    return sorted(bonuses.values_list("member_id", "points")), sorted(coupons.values_list("member_id", flat=True))


def test_campaign_dropped_halfway_gives_each_gift_once_on_the_next_run(entry_tier, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, threshold=Decimal(500))
    team = members(4, "campaign")
    Member.objects.filter(pk__in=[m.pk for m in team]).update(tier=gold)
    campaign = campaigns.create_campaign(
        {"name": "Spring", "bonus_points": 25, "coupon_value": Decimal(5)}, gold, None, timezone.now())
    mail.outbox.clear()

    drop_connection_halfway(lambda: engagement_tasks.run_campaign_task(campaign.pk), TXN,
                            f"NEW.key = 'campaign:{campaign.pk}:{team[2].pk}'")

    campaign.refresh_from_db()
    assert (campaign.status, campaign.processed) == ("failed", 2)
    assert _gifts(campaign) == ([(m.pk, 25) for m in team[:2]], [m.pk for m in team[:2]])
    assert_ledger_matches_cached_balances()
    call_command("loyalty_campaign_run")
    call_command("loyalty_campaign_run")

    campaign.refresh_from_db()
    assert (campaign.status, campaign.processed, campaign.recipients) == ("completed", 4, 4)
    assert _gifts(campaign) == ([(m.pk, 25) for m in team], [m.pk for m in team])
    assert not CampaignGrant.objects.filter(campaign=campaign, granted_at=None).exists()
    assert list(Member.objects.values_list("points_balance", flat=True)) == [25] * 4
    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.user.email for m in team)
    assert_ledger_matches_cached_balances()


def test_backfill_dropped_halfway_credits_each_order_once_on_the_next_run(
    customer_api, customer_user, entry_tier, shop, order_placer
):
    shirt = shop.add_variant("Shirt", "25.00")
    keys = [host_orders.order_key(order_placer(customer_api, [(shirt, 1)])) for _ in range(3)]
    member = make_member(customer_user)

    drop_connection_halfway(lambda: call_command("loyalty_backfill"), TXN,
                            f"NEW.key = 'earn:{keys[1]}'")

    earned = PointsTransaction.objects.filter(kind="earn")
    assert list(earned.values_list("order_key", flat=True)) == keys[:1]
    assert_ledger_matches_cached_balances()
    call_command("loyalty_backfill")
    call_command("loyalty_backfill")

    assert sorted(earned.values_list("order_key", flat=True)) == sorted(keys)
    member.refresh_from_db()
    assert member.pending_points == 3 * earned.get(order_key=keys[0]).points > 0
    assert_ledger_matches_cached_balances()
