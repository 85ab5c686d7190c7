import re
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.static import serve

from saleor_loyalty.host.generation import GENERATION

BUILD = Path(__file__).resolve().parent / "build"
# Asset names carry a content hash, so a browser may keep them for good.
IMMUTABLE = "public, max-age=31536000, immutable"
# The one build serves both hosts: the page tells it which Saleor it talks to (the token
# prefix, channels), in the <meta name="saleor-generation"> the build carries, and whether
# it runs inside Saleor 3's Dashboard (<meta name="loyalty-mode">, "dashboard" under
# /loyalty/app/), where it takes the Dashboard's token instead of a sign-in.
GENERATION_META = re.compile(rb'(<meta name="saleor-generation" content=")[^"]*(")')
# The build's asset URLs are relative ("./assets/..."); the pages under /loyalty/app/ are
# one level deeper, so the page names the assets by their absolute URL.
RELATIVE_ASSETS = re.compile(rb'(src|href)="\./assets/')


def _page(mode: str) -> HttpResponse:
    page = BUILD / "index.html"
    if not page.exists():
        raise Http404("The console is not built: run `make console`.")
    html = GENERATION_META.sub(rb"\g<1>" + GENERATION.encode() + rb"\g<2>", page.read_bytes())
    assets = reverse("loyalty-console-asset", kwargs={"path": "x"})[:-1].encode()
    html = RELATIVE_ASSETS.sub(rb'\g<1>="' + assets, html)
    html = html.replace(b"<head>", b'<head><meta name="loyalty-mode" content="' + mode.encode() + b'">', 1)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def index(request):
    return _page("standalone")


@require_safe
def dashboard_page(request, page=""):
    """The console's pages inside Saleor 3's Dashboard (console/extensions.py): the app
    page (/loyalty/app/program) and the cards (customer, order, home)."""
    return _page("dashboard")


@require_safe
def asset(request, path):
    response = serve(request, path, document_root=str(BUILD / "assets"))
    response["Cache-Control"] = IMMUTABLE
    return response
