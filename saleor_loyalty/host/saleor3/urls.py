from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from saleor.graphql.api import backend
from saleor.graphql.views import GraphQLView
from saleor.urls import urlpatterns as saleor_urlpatterns


def build_urlpatterns(schema):
    """Saleor's URLs with /graphql/ serving `schema` (through Saleor's query backend)
    instead of Saleor's own."""
    view = csrf_exempt(GraphQLView.as_view(backend=backend, schema=schema))
    graphql = re_path(r"^graphql/$", view, name="api")
    return [graphql] + [p for p in saleor_urlpatterns if getattr(p, "name", None) != "api"]
