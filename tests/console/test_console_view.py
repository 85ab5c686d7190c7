"""The console's page and assets come from the plugin's app, beside /graphql/."""
import re

from django.test import Client

from saleor_loyalty.host.generation import GENERATION


def test_the_console_page_is_served_under_loyalty():
    response = Client().get("/loyalty/")

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert '<meta name="saleor-api-url" content="/graphql/"' in page
    assert f'<meta name="saleor-generation" content="{GENERATION}"' in page  # JWT or Bearer, channels
    assert not re.search(r"https?://", page)  # no CDN: everything comes from this server


def test_the_consoles_assets_are_served_and_cached_for_good():
    page = Client().get("/loyalty/").content.decode()
    script = re.search(r'src="/loyalty/(assets/[^"]+\.js)"', page).group(1)

    response = Client().get(f"/loyalty/{script}")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"tokenCreate" in b"".join(response.streaming_content)


def test_unknown_assets_are_not_found_and_the_folder_stays_closed():
    client = Client()

    assert client.get("/loyalty/assets/missing.js").status_code == 404
    assert client.get("/loyalty/assets/../index.html").status_code in (400, 404)


def test_loyalty_without_a_slash_redirects_to_the_console():
    response = Client().get("/loyalty")

    assert response.status_code == 301 and response["Location"] == "/loyalty/"
