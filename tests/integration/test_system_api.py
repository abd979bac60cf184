"""Public endpoints: /healthz and /readyz say how the app and its database are,
/openapi.json describes every route."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.environment import make_settings
from visits.api.endpoint import OPERATIONS
from visits.app import create_app


async def test_healthz_reports_database_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_answers_without_the_database_and_readyz_says_it_is_away(
    tmp_path: Path,
) -> None:
    # Nothing listens on port 9 of loopback: a real refused connection, not a mock.
    settings = make_settings("postgres://postgres@127.0.0.1:9/none", tmp_path)
    app = create_app(settings)
    app.state.database_health.max_age = 0.0  # probe on every /healthz
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            first = await client.get("/healthz")
            await asyncio.sleep(0.2)  # the probe it started has run by now
            later = await client.get("/healthz")
            ready = await client.get("/readyz")

    assert first.status_code == later.status_code == 200  # alive: nothing to restart
    assert later.json() == {"status": "ok", "database": "unavailable"}
    assert ready.status_code == 503
    assert ready.headers["Retry-After"] == "5"
    assert ready.json()["error"]["code"] == "database_unavailable"


async def test_readyz_says_ok_when_a_write_would_be_taken(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_openapi_describes_every_route_with_schemas(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")

    assert response.status_code == 200
    document = response.json()
    schemas = document["components"]["schemas"]
    for op in OPERATIONS:
        path = op.path.replace(":int", "")
        described = document["paths"][path][op.method.lower()]
        if op.body is not None:
            ref = described["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.rsplit("/", 1)[1] in schemas
        success = described["responses"][str(op.status)]
        if op.response is not None:
            assert "schema" in success["content"]["application/json"]
        if op.roles is not None:
            assert "401" in described["responses"]
    facility = schemas["FacilityCreate"]
    assert {"code", "kind", "name", "address", "capacity", "duration_min"} <= set(
        facility["required"]
    )


async def test_openapi_lists_the_contract_paths(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    for path, method in [("/api/auth/token", "post"), ("/api/facilities", "post"),
                         ("/api/facilities/{id}", "delete"), ("/api/hosts", "post"),
                         ("/api/hosts/{id}/availability", "put"),
                         ("/api/delegations/{id}", "get"), ("/healthz", "get")]:
        assert method in paths[path], path


async def test_openapi_path_parameters_have_the_routes_types(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    def kind(path: str, name: str) -> str:
        [param] = [p for p in paths[path]["get"]["parameters"] if p["name"] == name]
        return str(param["schema"]["type"])

    assert kind("/v/{token}", "token") == "string"
    assert kind("/feeds/{token}/calendar.ics", "token") == "string"
    assert kind("/api/visits/{id}", "id") == "integer"
