"""Public endpoints: health and the OpenAPI document."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from tortoise import connections

from visits.api.endpoint import api_route
from visits.api.openapi import openapi_document
from visits.contract.system import Health


async def healthz(_: Request, __: None) -> Response:
    """Answers 503 when the database does not, so a load balancer stops sending traffic."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        body = Health(status="unavailable", database="unavailable")
        return JSONResponse(body.model_dump(), status_code=503)
    return JSONResponse(Health(status="ok", database="ok").model_dump())


async def openapi(request: Request, __: None) -> Response:
    return JSONResponse(openapi_document(request.app.state.settings.org_name))


def routes() -> list[Route]:
    return [
        api_route("GET", "/healthz", healthz, roles=None, response=Health,
                  summary="Is the app up and its database reachable?", errors=(503,)),
        api_route("GET", "/openapi.json", openapi, roles=None,
                  summary="This document"),
    ]
