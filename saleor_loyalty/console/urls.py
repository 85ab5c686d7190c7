from django.urls import re_path

from saleor_loyalty.console import views

urlpatterns = [
    re_path(r"^loyalty/$", views.index, name="loyalty-console"),
    re_path(r"^loyalty/assets/(?P<path>.+)$", views.asset, name="loyalty-console-asset"),
]
