from saleor_loyalty.notifications.models import Delivery


def resolve_deliveries(queryset):
    """`queryset` of deliveries, newest first, ready for a `CountableConnectionField` of
    `LoyaltyDelivery` to page through (their journeys read in the same query)."""
    return queryset.select_related("journey_send__step__journey").order_by("-created_at", "-id")


def resolve_member_deliveries(member):
    return resolve_deliveries(Delivery.objects.filter(member=member))
