"""Celery tasks: thin wrappers over domain functions."""
from celery import shared_task
from django.utils import timezone

from . import backfill, handlers, ledger, qualification, segments
from .models import Member
from .program import load_program


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def sync_order_task(order_key: str):
    handlers.sync_order_by_key(order_key)


@shared_task
def release_due_points_task():
    program = load_program()
    if program.active:
        now = timezone.now()
        ledger.release_due(
            now, program.points_lifetime_days,
            after_batch=lambda member_ids: qualification.apply_upgrades(member_ids, program, now),
        )


@shared_task
def review_tiers_task():
    program = load_program()
    if program.active:
        qualification.review_tiers(program, timezone.now())


@shared_task
def compute_segments_task():
    program = load_program()
    if program.active:
        segments.compute_segments(program, timezone.now())


@shared_task
def expire_points_task():
    if load_program().active:
        ledger.expire_due(timezone.now())


@shared_task
def backfill_member_task(member_id: int):
    member = Member.objects.filter(pk=member_id).first()
    program = load_program()
    if member is not None and program.active:
        backfill.backfill_member(member, program)
