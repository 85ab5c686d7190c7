"""Saleor 3's Dashboard, served by the shop itself under /dashboard/ (the demo's one address,
README "Inside the Saleor Dashboard"): the files of a Dashboard build (LOYALTY_DASHBOARD_BUILD,
the folder holding its index.html; scripts/demo_saleor3.sh unpacks SALEOR3_DASHBOARD there),
and its index.html for every other path below /dashboard/ (the Dashboard's own routes), told
to use this shop's /graphql/."""
import re
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.static import serve

# The build's `window.__SALEOR_CONFIG__.API_URL` (not EXTENSIONS_API_URL).
API_URL = re.compile(rb'(\bAPI_URL:\s*")[^"]*(")')


def build_folder() -> Path:
    folder = getattr(settings, "LOYALTY_DASHBOARD_BUILD", None)
    if not folder or not (Path(folder) / "index.html").is_file():
        raise Http404("No Saleor Dashboard build is configured (LOYALTY_DASHBOARD_BUILD).")
    return Path(folder).resolve()


@require_safe
def dashboard(request, path=""):
    folder = build_folder()
    if path and (folder / path).is_file() and folder in (folder / path).resolve().parents:
        return serve(request, path, document_root=str(folder))
    api_url = request.build_absolute_uri(reverse("api")).encode()
    html = API_URL.sub(rb"\g<1>" + api_url + rb"\g<2>", (folder / "index.html").read_bytes(), count=1)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
