from typing import Sequence

import graphene
from django.core.exceptions import ValidationError
from graphene.types.mutation import MutationOptions

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.graphql.core.errors import LoyaltyError, to_loyalty_errors
from saleor_loyalty.host.permissions import has_any_permission, has_permissions


class LoyaltyMutation(graphene.Mutation):
    """Base of every loyalty mutation: checks access, turns ValidationErrors into `errors`.

    Subclasses set `permissions` (staff: every one of them, or one of them with
    `any_permission`) or `login_required` (customers) in Meta and implement
    `perform_mutation`, which only translates between GraphQL and the domain.
    """

    errors = graphene.List(
        graphene.NonNull(LoyaltyError),
        required=True,
        description="Errors of this mutation, each with a code.",
    )

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(
        cls, permissions: Sequence = (), any_permission: bool = False,
        login_required: bool = False, _meta=None, **options
    ):
        if not _meta:
            _meta = MutationOptions(cls)
        _meta.permissions = tuple(permissions)
        _meta.any_permission = any_permission
        _meta.login_required = login_required or bool(permissions)
        super().__init_subclass_with_meta__(_meta=_meta, **options)

    @classmethod
    def check_permissions(cls, context):
        user = getattr(context, "user", None)
        authenticated = bool(user and user.is_authenticated) or bool(
            getattr(context, "app", None)
        )
        if cls._meta.login_required and not authenticated:
            raise loyalty_error(
                LoyaltyErrorCode.PERMISSION_DENIED, "You need to be signed in."
            )
        permissions = cls._meta.permissions
        if not permissions:
            return
        if cls._meta.any_permission:
            allowed = has_any_permission(context, permissions)
            names = " or ".join(p.name for p in permissions)
        else:
            allowed = has_permissions(context, permissions)
            names = ", ".join(p.name for p in permissions)
        if not allowed:
            raise loyalty_error(
                LoyaltyErrorCode.PERMISSION_DENIED,
                f"You need the {names} permission to do this.",
            )

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            cls.check_permissions(info.context)
            return cls.perform_mutation(root, info, **data)
        except ValidationError as error:
            return cls(errors=to_loyalty_errors(error))

    @classmethod
    def perform_mutation(cls, root, info, **data):
        raise NotImplementedError
