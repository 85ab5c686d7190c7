"""Where Celery finds the app's tasks (`autodiscover_tasks` imports `<app>.tasks`): each
domain keeps its own in its `tasks` module, and nothing imports this one."""
from saleor_loyalty.coupons import tasks as coupon_tasks  # noqa: F401
from saleor_loyalty.engagement import tasks as engagement_tasks  # noqa: F401
from saleor_loyalty.insight import tasks as insight_tasks  # noqa: F401
from saleor_loyalty.notifications import tasks as notification_tasks  # noqa: F401
from saleor_loyalty.points import tasks as points_tasks  # noqa: F401
from saleor_loyalty.tiers import tasks as tier_tasks  # noqa: F401
