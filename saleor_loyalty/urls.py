from saleor_loyalty.console.urls import urlpatterns as console_urlpatterns
from saleor_loyalty.graphql.api import schema
from saleor_loyalty.host.urls import build_urlpatterns

urlpatterns = console_urlpatterns + build_urlpatterns(schema)
