from typing import List

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from graphene.utils.str_converters import to_camel_case
from graphql.error import GraphQLError

from saleor_loyalty.core.error_codes import LoyaltyErrorCode

LoyaltyErrorCodeEnum = graphene.Enum.from_enum(LoyaltyErrorCode)
_KNOWN_CODES = {code.value for code in LoyaltyErrorCode}
# Django's and Saleor's own validation use these codes; everything else unknown is INVALID.
_DJANGO_CODES = {
    "required": LoyaltyErrorCode.REQUIRED.value,
    "unique": LoyaltyErrorCode.DUPLICATE.value,
    "already_exists": LoyaltyErrorCode.DUPLICATE.value,
}


class LoyaltyError(graphene.ObjectType):
    field = graphene.String(
        description="The input field the error is about; null for the whole request."
    )
    message = graphene.String(description="What went wrong, in words.")
    code = LoyaltyErrorCodeEnum(required=True, description="What went wrong, as a code.")


def _code(error: ValidationError) -> str:
    code = getattr(error.code, "value", error.code) or ""  # Saleor's codes are enums
    if code in _KNOWN_CODES:
        return code
    return _DJANGO_CODES.get(code, LoyaltyErrorCode.INVALID.value)


def to_loyalty_errors(error: ValidationError) -> List[LoyaltyError]:
    errors = []
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            name = None if field == NON_FIELD_ERRORS else to_camel_case(field)
            for item in field_errors:
                errors.append(
                    LoyaltyError(field=name, message=item.messages[0], code=_code(item))
                )
    else:
        for item in error.error_list:
            errors.append(LoyaltyError(field=None, message=item.messages[0], code=_code(item)))
    return errors


def query_error(error: ValidationError) -> GraphQLError:
    """A query's answer to bad input (queries have no `errors` field): one GraphQL error
    naming each field and its problem, with the first code in `extensions`."""
    problems = to_loyalty_errors(error)
    message = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
    return GraphQLError(message, extensions={"code": problems[0].code if problems else None})
