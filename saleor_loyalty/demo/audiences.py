"""The demo's saved audiences and tag rules (insight.audiences, insight.tags)."""
from decimal import Decimal
from typing import List

from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import tags
from saleor_loyalty.insight.audience_filter import AudienceFilter
from saleor_loyalty.insight.models import Audience, Tag

AUDIENCES = {
    "Big baskets": AudienceFilter(window_days=730, aov_min=Decimal(100)),
    "Quiet for 90 days": AudienceFilter(days_since_order_min=90, lifetime_spend_min=Decimal(1)),
    "E-mail opt-ins with points": AudienceFilter(channels=("email",), points_min=100),
}
TAG_RULES = {
    "Regular": AudienceFilter(window_days=730, orders_min=2),
    "High spender": AudienceFilter(lifetime_spend_min=Decimal(500)),
}


def create_demo_audiences() -> List[str]:
    """Saved audiences and tag rules, the rules applied now (idempotent); their names."""
    for name, chosen in AUDIENCES.items():
        Audience.objects.update_or_create(name=name, defaults={"filter": chosen.as_json()})
    program, now = load_program(), timezone.now()
    for name, rule in TAG_RULES.items():
        tag, _ = Tag.objects.update_or_create(name=name, defaults={"rule": rule.as_json()})
        tags.apply_rule(tag, program, now)
    return list(AUDIENCES) + [f"tag {name}" for name in TAG_RULES]
