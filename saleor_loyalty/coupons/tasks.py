"""Celery tasks of the coupons domain: calendar coupons and points of expired coupons."""
from celery import shared_task
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons import member_coupons, occasions
from saleor_loyalty.notifications import tasks as notifications


def issue_occasion_coupons(job: str):
    """Run one calendar coupon job (birthday, winback, member_day) and queue the
    e-mails of what it issued; returns the number of coupons issued."""
    issued = occasions.JOBS[job](load_program(), timezone.now())
    notifications.coupons_issued(issued)
    return len(issued)


@shared_task
def issue_birthday_coupons_task():
    return issue_occasion_coupons("birthday")


@shared_task
def issue_winback_coupons_task():
    return issue_occasion_coupons("winback")


@shared_task
def issue_member_day_coupons_task():
    return issue_occasion_coupons("member_day")


@shared_task
def return_expired_coupon_points_task():
    if load_program().active:
        return member_coupons.return_expired_points(timezone.now())
    return 0
