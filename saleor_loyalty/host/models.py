"""Saleor's models, as the loyalty domain sees them."""
from saleor.account.models import User

__all__ = ["User"]
