"""Celery beat entries of the plugin; add them to the shop's CELERY_BEAT_SCHEDULE."""
from datetime import timedelta

from celery.schedules import crontab

LOYALTY_BEAT_SCHEDULE = {
    "loyalty-release-due-points": {
        "task": "saleor_loyalty.tasks.release_due_points_task",
        "schedule": timedelta(hours=1),
    },
    "loyalty-review-tiers": {
        "task": "saleor_loyalty.tasks.review_tiers_task",
        "schedule": timedelta(days=1),
    },
    "loyalty-segments": {
        "task": "saleor_loyalty.tasks.compute_segments_task",
        "schedule": crontab(hour=3, minute=0),
    },
    "loyalty-expire-points": {
        "task": "saleor_loyalty.tasks.expire_points_task",
        "schedule": timedelta(hours=1),
    },
}
