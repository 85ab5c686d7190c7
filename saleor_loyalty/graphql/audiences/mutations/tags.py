"""loyaltyTagCreate, loyaltyTagUpdate, loyaltyTagDelete, and tagging members by hand:
loyaltyMembersTag and loyaltyMembersUntag."""
import graphene
from django.utils import timezone

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import load_program
from saleor_loyalty.graphql.audiences.filters import LoyaltyAudienceFilterInput, filter_data
from saleor_loyalty.graphql.audiences.types import AUDIENCE_STAFF, LoyaltyTag
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.core.utils import get_instance_or_error, parse_global_id
from saleor_loyalty.insight import audiences, tags
from saleor_loyalty.insight.models import Tag

MAX_MEMBERS = 1000


class LoyaltyTagInput(graphene.InputObjectType):
    name = graphene.String(description="Unique, at most 50 characters (required to create).")
    rule = LoyaltyAudienceFilterInput(
        description="Tag every member this filter selects, every night (and now).")
    remove_rule = graphene.Boolean(
        description="Update: drop the rule (members keep the tag until taken away).")


def get_tag_or_error(global_id: str, field: str) -> Tag:
    return get_instance_or_error(global_id, "LoyaltyTag", Tag.objects.all(), field)


def _saved(tag, input) -> Tag:
    has_rule = input.get("rule") is not None or bool(input.get("remove_rule"))
    rule = filter_data(input["rule"]) if input.get("rule") is not None else None
    tag = tags.save_tag(tag, input.get("name"), rule, has_rule)
    if tag.rule is not None and input.get("rule") is not None:
        tags.apply_rule(tag, load_program(), timezone.now())
    return tag


class LoyaltyTagCreate(LoyaltyMutation):
    tag = graphene.Field(LoyaltyTag)

    class Arguments:
        input = LoyaltyTagInput(required=True)

    class Meta:
        description = ("Staff (MANAGE_USERS or MANAGE_DISCOUNTS): a new member tag, by hand "
                       "or with a rule applied now and every night.")
        permissions = AUDIENCE_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, input):
        return cls(tag=_saved(None, input), errors=[])


class LoyaltyTagUpdate(LoyaltyMutation):
    tag = graphene.Field(LoyaltyTag)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the LoyaltyTag.")
        input = LoyaltyTagInput(required=True)

    class Meta:
        description = "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): rename a tag or change its rule."
        permissions = AUDIENCE_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, id, input):
        return cls(tag=_saved(get_tag_or_error(id, "id"), input), errors=[])


class LoyaltyTagDelete(LoyaltyMutation):
    tag = graphene.Field(LoyaltyTag, description="The tag as it was.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the LoyaltyTag.")

    class Meta:
        description = "Staff (MANAGE_USERS or MANAGE_DISCOUNTS): delete a tag from every member."
        permissions = AUDIENCE_STAFF
        any_permission = True

    @classmethod
    def perform_mutation(cls, _root, _info, id):
        tag = get_tag_or_error(id, "id")
        pk = tag.pk
        tag.delete()
        tag.pk = pk
        return cls(tag=tag, errors=[])


def _chosen(members, audience):
    """(member ids, audience filter): exactly one of the two."""
    errors = ErrorCollector()
    if (members is None) == (audience is None):
        errors.add("members", LoyaltyErrorCode.INVALID, "Give members or an audience, not both.")
    ids = None
    if members is not None:
        ids = [parse_global_id(member, "LoyaltyMember") for member in members]
        if None in ids or len(ids) > MAX_MEMBERS:
            errors.add("members", LoyaltyErrorCode.INVALID,
                       f"Give at most {MAX_MEMBERS} IDs of LoyaltyMember objects.")
    chosen = None
    if audience is not None:
        chosen = audiences.validated_filter(filter_data(audience), errors.nested("audience."))
    errors.raise_if_any()
    return ids, chosen


class _Tagging(LoyaltyMutation):
    tag = graphene.Field(LoyaltyTag)
    count = graphene.Int(description="Members whose tags changed.")

    class Arguments:
        tag = graphene.ID(required=True, description="ID of the LoyaltyTag.")
        members = graphene.List(graphene.NonNull(graphene.ID),
                                description="IDs of LoyaltyMember objects (at most 1000) ...")
        audience = LoyaltyAudienceFilterInput(description="... or everybody it selects now.")

    class Meta:
        abstract = True

    change = None

    @classmethod
    def perform_mutation(cls, _root, _info, tag, members=None, audience=None):
        tag = get_tag_or_error(tag, "tag")
        ids, chosen = _chosen(members, audience)
        count = cls.change(tag, load_program(), timezone.now(), member_ids=ids, audience=chosen)
        return cls(tag=tag, count=count, errors=[])


class LoyaltyMembersTag(_Tagging):
    class Meta:
        description = ("Staff (MANAGE_USERS or MANAGE_DISCOUNTS): tag members by hand (a tag's "
                       "rule never takes away a tag given by hand).")
        permissions = AUDIENCE_STAFF
        any_permission = True

    change = staticmethod(tags.tag_members)


class LoyaltyMembersUntag(_Tagging):
    class Meta:
        description = ("Staff (MANAGE_USERS or MANAGE_DISCOUNTS): take a tag away from members "
                       "(a rule that still selects them gives it back at its next run).")
        permissions = AUDIENCE_STAFF
        any_permission = True

    change = staticmethod(tags.untag_members)
