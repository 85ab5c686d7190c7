"""The merchant console: a single-page app built from console/ (`make console`) into
build/, served under /loyalty/. It talks only to Saleor's /graphql/. On Saleor 3 its pages
inside the Dashboard are served under /loyalty/app/, and a Dashboard build, when one is
configured, under /dashboard/."""
from django.urls import re_path
from django.views.generic import RedirectView

from saleor_loyalty.console import dashboard_build, views
from saleor_loyalty.host.dashboard import EXTENDS_DASHBOARD

urlpatterns = [
    re_path(r"^loyalty/$", views.index, name="loyalty-console"),
    # Saleor 3 turns APPEND_SLASH off; /loyalty leads to the console on both hosts.
    re_path(r"^loyalty$", RedirectView.as_view(pattern_name="loyalty-console", permanent=True)),
    re_path(r"^loyalty/assets/(?P<path>.+)$", views.asset, name="loyalty-console-asset"),
]

if EXTENDS_DASHBOARD:
    urlpatterns += [
        re_path(r"^loyalty/app/(?P<page>program|customer|order|home)?/?$", views.dashboard_page,
                name="loyalty-dashboard-page"),
        # Not found unless a build is configured (LOYALTY_DASHBOARD_BUILD).
        re_path(r"^dashboard$", RedirectView.as_view(url="/dashboard/", permanent=False)),
        re_path(r"^dashboard/(?P<path>.*)$", dashboard_build.dashboard, name="saleor-dashboard"),
    ]
