"""The Saleor 3 shop: it sells through channels, each in its own currency."""
import os

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from saleor.channel.models import Channel


def base_currency() -> str:
    """The currency of the shop's default channel (`DEFAULT_CHANNEL_SLUG`), else of its
    first active channel (one query); with no channel at all, the `DEFAULT_CURRENCY`
    environment variable Saleor 3 itself falls back to (USD by default)."""
    default = settings.DEFAULT_CHANNEL_SLUG
    currency = (
        Channel.objects.filter(Q(slug=default) | Q(is_active=True))
        .annotate(rank=Case(When(slug=default, then=Value(0)), default=Value(1),
                            output_field=IntegerField()))
        .order_by("rank", "pk")
        .values_list("currency_code", flat=True)
        .first()
    )
    return currency or os.environ.get("DEFAULT_CURRENCY", "USD")


def shop_currencies() -> set:
    """The currencies of the shop's channels (one query)."""
    return set(Channel.objects.values_list("currency_code", flat=True).distinct())
