"""Saleor 2.10's Dashboard has no app extensions: the standalone console (/loyalty/) is the
merchants' way in, and there is nothing to register."""
EXTENDS_DASHBOARD = False


def register(app, active: bool) -> None:
    return None


def set_active(identifier: str, active: bool) -> None:
    return None


def unregister(identifier: str) -> int:
    return 0
