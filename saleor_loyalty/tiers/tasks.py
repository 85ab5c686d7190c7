"""Celery tasks of the tiers domain."""
from celery import shared_task
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.tiers import qualification


@shared_task
def review_tiers_task():
    program = load_program()
    if program.active:
        qualification.review_tiers(program, timezone.now())
