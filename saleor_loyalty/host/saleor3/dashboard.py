"""Saleor 3's App and AppExtension rows for the Dashboard (saleor/app/models.py).

Saleor 3.23 creates extensions only while installing an app from its manifest, which it
fetches over HTTP from the app's server; the plugin lives inside Saleor, so it creates the
rows itself, as the installation from a manifest would: an installed third-party app (only
those get a token for their app page) keyed by `identifier`, each extension by (app,
identifier), Saleor's own unique key. Mount and target are stored in lower case, as
Saleor's manifest installation stores them. Relative extension paths are joined to the
app's URL by the Dashboard (`appUrl` + path for widgets, the app page below `appUrl`).
"""
from django.db import transaction
from saleor.app.models import App, AppExtension
from saleor.app.types import AppType
from saleor.core.utils import build_absolute_uri
from saleor.permission.enums import get_permissions

EXTENDS_DASHBOARD = True


def _permissions(permissions):
    """Saleor's Permission rows of the permission enums, found as Saleor finds them."""
    return get_permissions([permission.value for permission in permissions])


def _options(extension) -> dict:
    """The Dashboard loads a widget with GET (the page takes its token from app-bridge's
    handshake); home-page widgets would otherwise be POSTed to, with the token in a form."""
    if extension.target != "WIDGET":
        return {}
    key = "homeWidgetTarget" if extension.mount == "HOMEPAGE_WIDGETS" else "widgetTarget"
    return {key: {"method": "GET"}}


def _apps(identifier: str):
    return App.objects.filter(identifier=identifier, removed_at__isnull=True)


def register(app, active: bool) -> None:
    # The app's URL has no trailing slash: the Dashboard puts it in front of "/<path>".
    app_url = build_absolute_uri(app.path).rstrip("/")
    with transaction.atomic():
        row = _apps(app.identifier).select_for_update().order_by("pk").first()
        fields = dict(name=app.name, about_app=app.about, app_url=app_url,
                      homepage_url=build_absolute_uri(app.homepage), is_active=active, is_installed=True,
                      type=AppType.THIRDPARTY, author=app.name)
        if row is None:
            row = App.objects.create(identifier=app.identifier, **fields)
        else:
            App.objects.filter(pk=row.pk).update(**fields)
        row.permissions.set(_permissions(app.permissions))
        kept = []
        for extension in app.extensions:
            saved, _ = AppExtension.objects.update_or_create(
                app=row, identifier=extension.identifier,
                defaults=dict(label=extension.label, url=extension.path, mount=extension.mount.lower(),
                              target=extension.target.lower(), settings=_options(extension)))
            saved.permissions.set(_permissions(extension.permissions))
            kept.append(saved.pk)
        AppExtension.objects.filter(app=row).exclude(pk__in=kept).delete()


def set_active(identifier: str, active: bool) -> None:
    _apps(identifier).update(is_active=active)


def unregister(identifier: str) -> int:
    apps = App.objects.filter(identifier=identifier)
    removed = apps.count()
    apps.delete()
    return removed
