"""Public endpoints: liveness, readiness and the OpenAPI document."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.api.openapi import openapi_document
from visits.contract.system import Health
from visits.database.health import can_write
from visits.edge.errors import error_response
from visits.edge.outages import busy, disk_full, unavailable


async def healthz(request: Request, __: None) -> Response:
    """Liveness: answers at once, whatever the database does. `database` is its state as
    last seen by a probe in the background (at most a second old while it answers)."""
    state = request.app.state.database_health.current()
    return JSONResponse(Health(status="ok", database=state or "ok").model_dump())


async def readyz(request: Request, __: None) -> Response:
    """Readiness: 200 only if a write would be taken now (the write lock is free and the disk
    has room), within the database time limits; else 503, so traffic goes elsewhere."""
    settings = request.app.state.settings
    sqlite_path = None if settings.is_postgres else settings.database_url.removeprefix(
        "sqlite://").split("?")[0]
    blocked = await can_write(sqlite_path)
    if blocked is None:
        return JSONResponse(Health(status="ok", database="ok").model_dump())
    refusal = {"busy": busy, "unavailable": unavailable, "disk_full": disk_full}[blocked]()
    return await error_response(request, refusal)


async def openapi(request: Request, __: None) -> Response:
    return JSONResponse(openapi_document(request.app.state.settings.org_name))


def routes() -> list[Route]:
    return [
        api_route("GET", "/healthz", healthz, roles=None, response=Health,
                  summary="Is the app up? (`database`: its state as last seen, not waited for)"),
        api_route("GET", "/readyz", readyz, roles=None, response=Health,
                  summary="Can the app take a write now? 503 while the database is busy, "
                          "away or out of disk space", errors=(503,)),
        api_route("GET", "/openapi.json", openapi, roles=None,
                  summary="This document"),
    ]
