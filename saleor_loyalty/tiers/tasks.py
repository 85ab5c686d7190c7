"""Celery tasks of the tiers domain."""
from celery import shared_task
from django.utils import timezone

from saleor_loyalty.core import chunks
from saleor_loyalty.core.program import load_program
from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers import qualification


@shared_task
def review_tiers_task():
    program = load_program()
    if program.active:
        now = timezone.now()
        members = Member.objects.values_list("pk")
        if not chunks.fan_out("tier-review", f"{now:%Y-%m-%d}", now, members, review_chunks_task):
            qualification.review_tiers(program, now)


@shared_task(acks_late=True)
def review_chunks_task(run_id: int):
    """One worker's share of a tier review spread over several workers (core/chunks.py).
    The run's first chunk sets the percentile tiers' cutoffs over all members, as of the
    run's planned time; the other chunks find them set (tiers/shares.py)."""
    program = load_program()
    if program.active:
        chunks.work(run_id, lambda first, last, now: qualification.review_members(
            program, now, first, last), worker=chunks.worker_name(review_chunks_task))
