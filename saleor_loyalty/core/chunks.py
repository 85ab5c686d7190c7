"""Long jobs split by member id range, for several Celery workers at once (README,
"Scaling out").

A run of a job is a `JobRun` row, unique per job and run key (the hour or the day it is
for): planning the same run again, from a second scheduler or a redelivered message, plans
nothing. Its chunks are `JobChunk` rows, each a range of member ids. A worker claims the
first chunk no other session holds (`FOR UPDATE SKIP LOCKED`), does the chunk's work and
marks it done in the same transaction: each chunk is applied once, by one worker, and a
chunk whose worker died (its transaction rolled back) is claimed by the next. Any number
of workers may work on a run; each stops when no chunk is left.
"""
from datetime import datetime
from typing import Callable, List, Optional, Tuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, QuerySet
from django.utils import timezone

from saleor_loyalty.core.models import JobChunk, JobRun

# Members per chunk: a chunk is one transaction of the job's set-based statements.
CHUNK_MEMBERS = 20000


def workers() -> int:
    """How many Celery workers a long job is spread over (the LOYALTY_JOB_WORKERS setting;
    1, the default: the job runs in the task the schedule started)."""
    return max(int(getattr(settings, "LOYALTY_JOB_WORKERS", 1)), 1)


def fan_out(job: str, run_key: str, now: datetime, member_ids: QuerySet, chunk_task) -> bool:
    """With several workers configured: plan the run and queue `chunk_task(run_id)` once
    per worker, and True (a run planned before is left to its workers). False with one
    worker: the caller runs the job itself."""
    count = workers()
    if count == 1:
        return False
    run = plan(job, run_key, now, member_ids)
    if run is not None:
        for _ in range(count):
            chunk_task.delay(run.pk)
    return True


def member_ranges(member_ids: QuerySet, size: int) -> List[Tuple[int, int]]:
    """(first, last) member ids of consecutive groups of `size` members of `member_ids`
    (a queryset of member ids), in one statement."""
    sql, params = member_ids.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT MIN(id), MAX(id) FROM (
                    SELECT id, (ROW_NUMBER() OVER (ORDER BY id) - 1) / %s AS chunk
                    FROM ({sql}) AS ids (id)
                ) numbered GROUP BY chunk ORDER BY 1""",
            (size, *params),
        )
        return cursor.fetchall()


def plan(job: str, run_key: str, now: datetime, member_ids: QuerySet,
         size: Optional[int] = None) -> Optional[JobRun]:
    """The run of `job` for `run_key` with its chunks of `size` (default CHUNK_MEMBERS)
    members over `member_ids`; None when that run was planned before (by this or another
    session)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {JobRun._meta.db_table} (job, run_key, planned_at)
                    VALUES (%s, %s, %s) ON CONFLICT (job, run_key) DO NOTHING RETURNING id""",
                [job, run_key, now],
            )
            created = cursor.fetchone()
        if created is None:
            return None
        run = JobRun.objects.get(pk=created[0])
        JobChunk.objects.bulk_create(
            JobChunk(run=run, first_member_id=first, last_member_id=last)
            for first, last in member_ranges(member_ids, size or CHUNK_MEMBERS)
        )
    return run


def worker_name(task) -> str:
    """The name a chunk records of the Celery worker running `task` ("eager" in-process)."""
    return task.request.hostname or "eager"


def work(run_id: int, do_chunk: Callable[[int, int, datetime], None], worker: str) -> int:
    """Claim and do chunks of the run until none is left: `do_chunk(first, last, planned_at)`
    in the chunk's transaction. Returns how many chunks this worker did."""
    done = 0
    while True:
        with transaction.atomic():
            chunk = (
                JobChunk.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("run").filter(run_id=run_id, done_at=None)
                .order_by("first_member_id").first()
            )
            if chunk is None:
                break
            do_chunk(chunk.first_member_id, chunk.last_member_id, chunk.run.planned_at)
            chunk.done_at, chunk.done_by = timezone.now(), worker
            chunk.save(update_fields=["done_at", "done_by"])
        done += 1
    left = JobChunk.objects.filter(run_id=run_id, done_at=None)
    JobRun.objects.filter(pk=run_id, finished_at=None).filter(~Exists(left)).update(
        finished_at=timezone.now())
    return done
