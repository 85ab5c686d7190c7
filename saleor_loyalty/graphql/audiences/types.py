import graphene
from django.db.models import Count
from graphene import relay
from graphql.error import GraphQLError

from saleor_loyalty.graphql.audiences.filters import LoyaltyAudienceFilter, stored
from saleor_loyalty.graphql.members.types import LoyaltyMember
from saleor_loyalty.host.graphql import DateTime, ModelObjectType
from saleor_loyalty.host.permissions import MANAGE_DISCOUNTS, MANAGE_USERS
from saleor_loyalty.insight.audiences import MAX_SAMPLE
from saleor_loyalty.insight.models import Audience, Tag
from saleor_loyalty.members.models import Member

AUDIENCE_STAFF = (MANAGE_USERS, MANAGE_DISCOUNTS)


class LoyaltyAudience(ModelObjectType):
    name = graphene.String(required=True)
    filter = graphene.Field(LoyaltyAudienceFilter, required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)

    class Meta:
        description = ("Staff (MANAGE_USERS or MANAGE_DISCOUNTS): a saved audience filter; "
                       "its members are whoever it selects when it is used.")
        interfaces = [relay.Node]
        model = Audience

    @staticmethod
    def resolve_filter(root: Audience, _info):
        return stored(root.filter)


class LoyaltyTag(ModelObjectType):
    name = graphene.String(required=True)
    rule = graphene.Field(
        LoyaltyAudienceFilter,
        description="Members this filter selects get the tag every night; null: by hand only.")
    rule_applied_at = DateTime(description="When the rule last ran.")
    member_count = graphene.Int(required=True, description="Members with the tag now.")

    class Meta:
        description = "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): a label on members."
        interfaces = [relay.Node]
        model = Tag

    @staticmethod
    def resolve_rule(root: Tag, _info):
        return stored(root.rule)

    @staticmethod
    def resolve_member_count(root: Tag, _info):
        if hasattr(root, "member_count"):
            return root.member_count
        return root.member_tags.count()


def tags_with_counts():
    return Tag.objects.annotate(member_count=Count("member_tags"))


class LoyaltyAudiencePreview(graphene.ObjectType):
    count = graphene.Int(required=True, description="Members the filter selects now.")
    sample = graphene.List(
        graphene.NonNull(LoyaltyMember), required=True,
        first=graphene.Int(description="How many, by member id (default 20, at most 100)."),
        description="The first members it selects, by id.")

    class Meta:
        description = "How many members an audience filter selects now, with some of them."

    @staticmethod
    def resolve_sample(root, _info, first=None):
        first = 20 if first is None else first
        if not 0 <= first <= MAX_SAMPLE:
            raise GraphQLError(f"`first` is 0 to {MAX_SAMPLE}.")
        ids = root["sample"][:first]
        members = Member.objects.filter(pk__in=ids).select_related("user")
        return sorted(members, key=lambda member: member.pk)
