from django.core.exceptions import ValidationError

from .error_codes import LoyaltyErrorCode


def loyalty_error(code: LoyaltyErrorCode, message: str, field: str = None):
    """Build the ValidationError a domain function raises: keyed by field, with a code.

    The GraphQL layer turns it into `errors: [{field, message, code}]`.
    """
    error = ValidationError(message, code=code.value)
    if field:
        return ValidationError({field: error})
    return error
