"""Celery beat entries of the plugin; add them to the shop's CELERY_BEAT_SCHEDULE."""
from datetime import timedelta

from celery.schedules import crontab

LOYALTY_BEAT_SCHEDULE = {
    "loyalty-release-due-points": {
        "task": "saleor_loyalty.points.tasks.release_due_points_task",
        "schedule": timedelta(hours=1),
    },
    "loyalty-review-tiers": {
        "task": "saleor_loyalty.tiers.tasks.review_tiers_task",
        "schedule": timedelta(days=1),
    },
    "loyalty-paid-orders": {
        "task": "saleor_loyalty.insight.tasks.reconcile_paid_orders_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "loyalty-segments": {
        "task": "saleor_loyalty.insight.tasks.compute_segments_task",
        "schedule": crontab(hour=3, minute=0),
    },
    "loyalty-expire-points": {
        "task": "saleor_loyalty.points.tasks.expire_points_task",
        "schedule": timedelta(hours=1),
    },
    # Calendar coupons: each job issues a coupon once per occasion, so running it
    # more often than daily only makes it punctual.
    "loyalty-birthday-coupons": {
        "task": "saleor_loyalty.coupons.tasks.issue_birthday_coupons_task",
        "schedule": timedelta(hours=6),
    },
    "loyalty-winback-coupons": {
        "task": "saleor_loyalty.coupons.tasks.issue_winback_coupons_task",
        "schedule": timedelta(days=1),
    },
    "loyalty-member-day-coupons": {
        "task": "saleor_loyalty.coupons.tasks.issue_member_day_coupons_task",
        "schedule": timedelta(hours=1),
    },
    # Member journeys: a step due is sent within a quarter of an hour.
    "loyalty-journeys": {
        "task": "saleor_loyalty.engagement.tasks.run_journeys_task",
        "schedule": timedelta(minutes=15),
    },
    "loyalty-profile-completion": {
        "task": "saleor_loyalty.engagement.tasks.reward_completed_profiles_task",
        "schedule": crontab(hour=4, minute=0),
    },
    # Member e-mails: tier changes soon after they happen, expiry reminders daily.
    "loyalty-notify-tier-changes": {
        "task": "saleor_loyalty.notifications.tasks.notify_tier_changes_task",
        "schedule": timedelta(minutes=10),
    },
    "loyalty-remind-expiring-points": {
        "task": "saleor_loyalty.notifications.tasks.remind_expiring_points_task",
        "schedule": timedelta(days=1),
    },
    "loyalty-return-expired-coupon-points": {
        "task": "saleor_loyalty.coupons.tasks.return_expired_coupon_points_task",
        "schedule": timedelta(hours=1),
    },
}
