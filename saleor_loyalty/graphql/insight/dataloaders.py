from collections import defaultdict

from saleor_loyalty.host import shop as host_shop
from saleor_loyalty.host.graphql import DataLoader
from saleor_loyalty.insight.models import MemberTag, SegmentRun


class LastSegmentRunLoader(DataLoader):
    """The last segment run (load any key, e.g. 0): when the RFM snapshot was computed."""

    context_key = "loyalty_last_segment_run"

    def batch_load(self, keys):
        run = SegmentRun.objects.first()
        return [run for _key in keys]


class BaseCurrencyLoader(DataLoader):
    """The shop's base currency (load any key, e.g. 0), read once per request."""

    context_key = "loyalty_base_currency"

    def batch_load(self, keys):
        currency = host_shop.base_currency()
        return [currency for _key in keys]


class TagNamesByMemberLoader(DataLoader):
    """The names of each member's tags, by name (one query per request)."""

    context_key = "loyalty_tag_names_by_member"

    def batch_load(self, keys):
        names = defaultdict(list)
        rows = MemberTag.objects.filter(member_id__in=keys).values_list("member_id", "tag__name")
        for member_id, name in rows.order_by("tag__name"):
            names[member_id].append(name)
        return [names[key] for key in keys]
