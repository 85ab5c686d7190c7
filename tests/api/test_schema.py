import re
from pathlib import Path

from saleor_loyalty.graphql.api import schema
from saleor_loyalty.graphql.sdl import extension_sdl
from saleor_loyalty.host.generation import GENERATION
from saleor_loyalty.host.graphql import saleor_schema

SDL = Path(__file__).resolve().parents[2] / "graphql"
# Each host's committed SDL of the loyalty part of the schema, and how to write it again.
SDL_FILES = {
    "saleor2": ("schema.graphql", "make schema"),
    "saleor3": ("schema-saleor3.graphql", "django-admin loyalty_schema > graphql/schema-saleor3.graphql"),
}


def test_committed_sdl_matches_the_running_schema():
    name, command = SDL_FILES[GENERATION]
    committed = (SDL / name).read_text()

    running = extension_sdl(schema, saleor_schema())

    assert committed == running, f"graphql/{name} is stale: on {GENERATION}, run `{command}`"


def test_loyalty_sdl_differs_between_hosts_only_by_channel_arguments():
    saleor2 = (SDL / SDL_FILES["saleor2"][0]).read_text()

    saleor3 = (SDL / SDL_FILES["saleor3"][0]).read_text()

    assert re.sub(r"channel: String, ", "", saleor3) == saleor2


def test_every_saleor_type_and_field_is_kept():
    ours = schema.get_type_map()
    for name, saleor_type in saleor_schema().get_type_map().items():
        assert name in ours, name
        for field in getattr(saleor_type, "fields", {}) or {}:
            assert field in ours[name].fields, f"{name}.{field}"


def test_saleor_queries_still_answer(api_client, db):
    data = api_client.query("{ shop { name } }")

    assert data["shop"]["name"]


def test_playground_page_is_served(client, db):
    response = client.get("/graphql/")

    assert response.status_code == 200
    assert b"Playground" in response.content  # Saleor 2.10's GraphQLPlayground, Saleor 3's createPlayground
