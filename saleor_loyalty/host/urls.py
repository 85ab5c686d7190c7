"""The URL patterns that serve Saleor's `/graphql/` with the extended schema.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/urls.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("urls")

build_urlpatterns = _adapter.build_urlpatterns
