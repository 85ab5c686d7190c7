"""Saleor's Dashboard extensions: where the loyalty pages appear inside the Dashboard.

Saleor 3's Dashboard mounts the extensions of its active apps (an iframe card on a
customer's or an order's page, a page under a menu, a home-page widget) and hands each a
token of the signed-in staff user, limited to the extension's permissions. The plugin
registers itself as such an app: one App row with its extensions, keyed by identifiers, so
registering again changes rows instead of adding them. Saleor 2.10's Dashboard has no
extensions (EXTENDS_DASHBOARD is False there and registering does nothing).

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/dashboard.py`.
"""
from dataclasses import dataclass
from typing import Sequence

from saleor_loyalty.host.generation import adapter

_adapter = adapter("dashboard")

EXTENDS_DASHBOARD: bool = _adapter.EXTENDS_DASHBOARD


@dataclass(frozen=True)
class Extension:
    """One place in the Dashboard: `mount` (e.g. CUSTOMER_DETAILS_WIDGETS) shows the page
    at `path` (below the app's URL) as `target` (WIDGET, APP_PAGE) to staff holding every
    one of `permissions`."""

    identifier: str
    label: str
    mount: str
    target: str
    path: str
    permissions: Sequence


@dataclass(frozen=True)
class DashboardApp:
    """The app the extensions belong to: what the Dashboard lists under Apps. Its pages are
    below `path`; `homepage` is where its "Homepage" button leads."""

    identifier: str
    name: str
    about: str
    path: str
    homepage: str
    permissions: Sequence
    extensions: Sequence[Extension]


def register(app: DashboardApp, active: bool) -> None:
    """Create or update the app and exactly its extensions (the shop's public URL in front
    of their paths), active or not."""
    _adapter.register(app, active)


def set_active(identifier: str, active: bool) -> None:
    """Show (active) or hide the registered app's extensions in the Dashboard."""
    _adapter.set_active(identifier, active)


def unregister(identifier: str) -> int:
    """Remove the app and its extensions; how many apps were removed."""
    return _adapter.unregister(identifier)
