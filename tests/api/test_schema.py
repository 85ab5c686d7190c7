from pathlib import Path

from saleor_loyalty.graphql.api import schema
from saleor_loyalty.graphql.sdl import extension_sdl
from saleor_loyalty.host.graphql import saleor_schema

SDL_PATH = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


def test_committed_sdl_matches_the_running_schema():
    committed = SDL_PATH.read_text()

    running = extension_sdl(schema, saleor_schema())

    assert committed == running, "graphql/schema.graphql is stale: run `make schema`"


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
    assert b"GraphQLPlayground" in response.content
