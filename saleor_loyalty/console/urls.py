from django.conf.urls import url

from saleor_loyalty.console import views

urlpatterns = [
    url(r"^loyalty/$", views.index, name="loyalty-console"),
    url(r"^loyalty/assets/(?P<path>.+)$", views.asset, name="loyalty-console-asset"),
]
