"""Long jobs split into chunks of members that several Celery workers run at once (issue
15, item 6): each chunk is applied once, by one worker, and a run is planned once.

The two-worker test runs two real Celery workers of Saleor's app on RabbitMQ, consuming
one queue of the test's own. A trigger holds the first worker in its first chunk (the test
holds the lock it waits on) until the second worker has done every other chunk, so both
take part whatever the machine's speed."""
import os
import uuid
from datetime import timedelta

import pytest
from celery import Celery
from django.test import override_settings
from django.utils import timezone

from saleor_loyalty.core import chunks
from saleor_loyalty.core.models import JobChunk, JobRun
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.points.verify import find_differences
from saleor_loyalty.tiers import tasks as tier_tasks
from tests.fixtures.loyalty import credit_points, make_member
from tests.fixtures.operator import halt_at
from tests.fixtures.users import create_customer
from tests.fixtures.workers import celery_worker, wait_until

BROKER = os.environ.get("LOYALTY_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
TXN = PointsTransaction._meta.db_table


def _members_with_due_points(count, points=40):
    team = [make_member(create_customer(f"chunk{i}@example.com")) for i in range(count)]
    for member in team:
        PointsTransaction.objects.create(
            member=member, key=f"earn:chunk{member.pk}", kind="earn", status="pending",
            points=points, order_key=f"chunk{member.pk}",
            window_ends_at=timezone.now() - timedelta(minutes=1),
        )
    Member.objects.filter(pk__in=[m.pk for m in team]).update(pending_points=points)
    return team


def _released(team):
    """The (balance, pending points) the members have, each pair once."""
    return sorted(set(Member.objects.filter(pk__in=[m.pk for m in team])
                      .values_list("points_balance", "pending_points")))


def test_member_ranges_split_the_members_into_groups_of_the_size(entry_tier):
    team = [make_member(create_customer(f"range{i}@example.com")).pk for i in range(7)]
    ranges = chunks.member_ranges(Member.objects.filter(pk__in=team).values_list("pk"), 3)
    assert ranges == [(team[0], team[2]), (team[3], team[5]), (team[6], team[6])]


def test_a_run_is_planned_once_per_key(entry_tier):
    make_member(create_customer("once@example.com"))
    members = Member.objects.values_list("pk")
    now = timezone.now()

    first = chunks.plan("release", "2026-12-02T10", now, members)
    again = chunks.plan("release", "2026-12-02T10", now, members)

    assert first is not None and again is None
    assert JobRun.objects.count() == 1 and JobChunk.objects.count() == 1


@override_settings(LOYALTY_JOB_WORKERS=3)  # tests run Celery tasks eagerly
def test_with_several_workers_configured_the_release_runs_in_chunks_once(entry_tier, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_MEMBERS", 2)
    team = _members_with_due_points(5)

    points_tasks.release_due_points_task()
    points_tasks.release_due_points_task()  # the same hour: planned already, nothing more

    assert _released(team) == [(40, 0)]
    run = JobRun.objects.get()
    assert (run.job, run.finished_at is not None) == ("release", True)
    assert sorted(run.chunks.values_list("first_member_id", "last_member_id")) == [
        (team[0].pk, team[1].pk), (team[2].pk, team[3].pk), (team[4].pk, team[4].pk)]
    assert find_differences() == []


@override_settings(LOYALTY_JOB_WORKERS=2)
def test_with_several_workers_configured_expiry_and_the_tier_review_run_in_chunks_once(
    silver_tier, monkeypatch
):
    monkeypatch.setattr(chunks, "CHUNK_MEMBERS", 2)
    team = [make_member(create_customer(f"lapse{i}@example.com")) for i in range(3)]
    for member in team:
        credit_points(member, 600, f"bonus:{member.pk}", now=timezone.now() - timedelta(days=400))

    points_tasks.expire_points_task()
    tier_tasks.review_tiers_task()

    assert _released(team) == [(0, 0)]
    # 600 lifetime points: the expiry took the balance, not what was earned.
    tiers = Member.objects.filter(pk__in=[m.pk for m in team]).values_list("tier__slug", flat=True)
    assert set(tiers) == {"silver"}
    assert sorted(JobRun.objects.values_list("job", flat=True)) == ["expiry", "tier-review"]
    assert not JobChunk.objects.filter(done_at=None).exists()
    assert find_differences() == []


@pytest.fixture
def queue():
    """A queue of the test's own on RabbitMQ, deleted afterwards."""
    name = f"loyalty-chunks-{uuid.uuid4().hex[:8]}"
    yield name
    with Celery(broker=BROKER, set_as_current=False).connection_for_write() as connection:
        connection.default_channel.queue_delete(name)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_on_rabbitmq_share_the_chunks_of_a_release_and_apply_each_once(
    entry_tier, queue
):
    team = _members_with_due_points(12)
    run = chunks.plan("release", "two-workers", timezone.now(), Member.objects.values_list("pk"), 3)
    first_chunk = run.chunks.order_by("first_member_id").first()
    client = Celery(broker=BROKER, set_as_current=False)  # Saleor's app stays the current one

    with celery_worker(queue, BROKER, "one") as one, celery_worker(queue, BROKER, "two") as two:
        with halt_at(TXN, f"NEW.member_id = {first_chunk.first_member_id}"
                          " AND NEW.status = 'available'") as halted:
            for worker in (one, two):
                worker.wait_for("ready.")
            send = lambda: client.send_task(  # noqa: E731
                "saleor_loyalty.points.tasks.release_chunks_task", args=[run.pk], queue=queue)
            send()
            halted(timeout=60, running=lambda: (one.running(), two.running()))
            send()  # the held worker has its task unacknowledged: the other one takes this
            wait_until(lambda: run.chunks.exclude(done_at=None).count() == 3,
                  "the other worker did not do the three other chunks")
        # The held worker goes on once the test lets go of the lock it waits on.
        wait_until(lambda: JobRun.objects.get(pk=run.pk).finished_at is not None,
              "the held worker did not finish its chunk")

    done_by = [name.split("@")[0] for name in run.chunks.values_list("done_by", flat=True)]
    assert done_by == ["one", "two", "two", "two"] or done_by == ["two", "one", "one", "one"]
    assert set(PointsTransaction.objects.filter(kind="earn").values_list("status", flat=True)) == {
        "available"}
    assert _released(team) == [(40, 0)]
    assert find_differences() == []

