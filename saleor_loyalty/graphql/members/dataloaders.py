from saleor_loyalty.graphql.core.dataloaders import InBulkLoader
from saleor_loyalty.members.models import Member


class MemberByUserIdLoader(InBulkLoader):
    """A customer's membership, with its tier (`me { loyalty { tier } }` costs no query more)."""

    context_key = "loyalty_member_by_user_id"
    model = Member
    field_name = "user_id"
    related = ("tier",)
