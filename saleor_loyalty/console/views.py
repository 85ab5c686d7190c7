import re
from pathlib import Path

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe
from django.views.static import serve

from saleor_loyalty.host.generation import GENERATION

BUILD = Path(__file__).resolve().parent / "build"
# Asset names carry a content hash, so a browser may keep them for good.
IMMUTABLE = "public, max-age=31536000, immutable"
# The one build serves both hosts: the page tells it which Saleor it talks to (the token
# prefix, channels), in the <meta name="saleor-generation"> the build carries.
GENERATION_META = re.compile(rb'(<meta name="saleor-generation" content=")[^"]*(")')


@require_safe
def index(request):
    page = BUILD / "index.html"
    if not page.exists():
        raise Http404("The console is not built: run `make console`.")
    html = GENERATION_META.sub(rb"\g<1>" + GENERATION.encode() + rb"\g<2>", page.read_bytes())
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def asset(request, path):
    response = serve(request, path, document_root=str(BUILD / "assets"))
    response["Cache-Control"] = IMMUTABLE
    return response
