from django.conf.urls import url
from django.views.decorators.csrf import csrf_exempt
from saleor.graphql.views import GraphQLView
from saleor.urls import urlpatterns as saleor_urlpatterns


def build_urlpatterns(schema):
    """Saleor's URLs with /graphql/ serving `schema` instead of Saleor's own."""
    graphql = url(r"^graphql/", csrf_exempt(GraphQLView.as_view(schema=schema)), name="api")
    return [graphql] + [p for p in saleor_urlpatterns if getattr(p, "name", None) != "api"]
