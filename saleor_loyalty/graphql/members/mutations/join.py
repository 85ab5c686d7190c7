import graphene
from django.db import transaction
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.graphql.coupons.types import LoyaltyCoupon
from saleor_loyalty.graphql.members.types import LoyaltyMember
from saleor_loyalty.host.graphql import Date, signed_in_user
from saleor_loyalty.members import joining as members
from saleor_loyalty.points import tasks as points_tasks


class LoyaltyJoinInput(graphene.InputObjectType):
    birthday = Date(description="The member's birthday, for birthday gifts.")
    referral_code = graphene.String(description="Code of the member who referred you.")


class LoyaltyJoin(LoyaltyMutation):
    member = graphene.Field(LoyaltyMember)
    coupon = graphene.Field(LoyaltyCoupon, description="The welcome coupon, if the program gives one.")

    class Arguments:
        input = LoyaltyJoinInput(required=False)

    class Meta:
        description = "Customer: join the program (welcome coupon, referral link)."
        login_required = True

    @classmethod
    def perform_mutation(cls, _root, info, input=None):
        input = input or {}
        program = load_program()
        member = members.join(
            signed_in_user(info.context),
            program,
            today=timezone.localdate(),
            birthday=input.get("birthday"),
            referral_code=input.get("referral_code"),
        )
        if program.backfill_on_join:
            transaction.on_commit(lambda: points_tasks.backfill_member_task.delay(member.pk))
        return cls(member=member, coupon=member.welcome_coupon, errors=[])
