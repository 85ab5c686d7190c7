from django.core.exceptions import ValidationError

from saleor_loyalty.core.error_codes import LoyaltyErrorCode


def loyalty_error(code: LoyaltyErrorCode, message: str, field: str = None):
    """Build the ValidationError a domain function raises: keyed by field, with a code.

    The GraphQL layer turns it into `errors: [{field, message, code}]`.
    """
    error = ValidationError(message, code=code.value)
    if field:
        return ValidationError({field: error})
    return error


class ErrorCollector:
    """Collects field errors of one request and raises them together."""

    def __init__(self, prefix: str = "", errors: dict = None):
        self._prefix = prefix
        self._errors = {} if errors is None else errors

    def add(self, field: str, code: LoyaltyErrorCode, message: str):
        self._errors.setdefault(self._prefix + field, []).append(
            ValidationError(message, code=code.value))

    def nested(self, prefix: str) -> "ErrorCollector":
        """A collector adding to this one's errors under `prefix` (e.g. `steps.0.`)."""
        return ErrorCollector(self._prefix + prefix, self._errors)

    def raise_if_any(self):
        if self._errors:
            raise ValidationError(self._errors)
