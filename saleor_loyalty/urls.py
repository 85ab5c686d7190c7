from .graphql.api import schema
from .host.urls import build_urlpatterns

urlpatterns = build_urlpatterns(schema)
