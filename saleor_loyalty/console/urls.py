"""The merchant console: a single-page app built from console/ (`make console`) into
build/, served under /loyalty/. It talks only to Saleor's /graphql/."""
from django.urls import re_path
from django.views.generic import RedirectView

from saleor_loyalty.console import views

urlpatterns = [
    re_path(r"^loyalty/$", views.index, name="loyalty-console"),
    # Saleor 3 turns APPEND_SLASH off; /loyalty leads to the console on both hosts.
    re_path(r"^loyalty$", RedirectView.as_view(pattern_name="loyalty-console", permanent=True)),
    re_path(r"^loyalty/assets/(?P<path>.+)$", views.asset, name="loyalty-console-asset"),
]
