from .console.urls import urlpatterns as console_urlpatterns
from .graphql.api import schema
from .host.urls import build_urlpatterns

urlpatterns = console_urlpatterns + build_urlpatterns(schema)
