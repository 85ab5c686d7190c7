"""A real Celery worker, on the local Redis broker, changes the ledger."""
import os
import time
import uuid
from datetime import timedelta

import pytest
from celery import Celery
from django.db import transaction
from django.utils import timezone

from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import create_customer
from tests.fixtures.workers import celery_worker

BROKER = os.environ.get("LOYALTY_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def queue():
    return f"loyalty-test-{uuid.uuid4().hex[:8]}"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_releases_due_points(queue):
    member = make_member(create_customer("worker@example.com"))
    with transaction.atomic():
        PointsTransaction.objects.create(
            member=member, key="earn:w1", kind="earn", status="pending", points=70,
            order_key="w1", window_ends_at=timezone.now() - timedelta(minutes=1),
        )
        member.pending_points = 70
        member.save(update_fields=["pending_points"])
    client = Celery(broker=BROKER, set_as_current=False)  # Saleor's app stays the current one

    with celery_worker(queue, BROKER) as worker:
        client.send_task("saleor_loyalty.points.tasks.release_due_points_task", queue=queue)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            member.refresh_from_db()
            if member.points_balance:
                break
            worker.running()
            time.sleep(0.5)
    assert (member.points_balance, member.pending_points) == (70, 0)
    assert PointsTransaction.objects.get(key="earn:w1").status == "available"
