"""A real Celery worker, on the local Redis broker, changes the ledger."""
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from celery import Celery
from django.db import connection, transaction
from django.utils import timezone

from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.loyalty import make_member
from tests.fixtures.users import create_customer

BROKER = os.environ.get("LOYALTY_REDIS_URL", "redis://127.0.0.1:6379/0")


def _database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process():
    queue = f"loyalty-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "saleor_loyalty.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": BROKER,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "saleor.celeryconf:app", "worker",
         "--pool=solo", "-Q", queue, "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel=INFO"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    yield queue
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    print(output)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_releases_due_points(celery_worker_process):
    member = make_member(create_customer("worker@example.com"))
    with transaction.atomic():
        PointsTransaction.objects.create(
            member=member, key="earn:w1", kind="earn", status="pending", points=70,
            order_key="w1", window_ends_at=timezone.now() - timedelta(minutes=1),
        )
        member.pending_points = 70
        member.save(update_fields=["pending_points"])
    client = Celery(broker=BROKER, set_as_current=False)  # Saleor's app stays the current one

    client.send_task("saleor_loyalty.points.tasks.release_due_points_task", queue=celery_worker_process)

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        member.refresh_from_db()
        if member.points_balance:
            break
        time.sleep(0.5)
    assert (member.points_balance, member.pending_points) == (70, 0)
    assert PointsTransaction.objects.get(key="earn:w1").status == "available"
