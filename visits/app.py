"""The ASGI application: create_app() wires settings, database, middleware and routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute
from tortoise.contrib.starlette import RegisterTortoise

from visits.api import booking, catalog, session, system
from visits.api.endpoint import error_response
from visits.errors import ApiError, MethodNotAllowed, NotFound
from visits.settings import Settings, load_settings

log = logging.getLogger("visits")


def all_routes() -> list[BaseRoute]:
    return [*system.routes(), *session.routes(), *catalog.routes(), *booking.routes()]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error_response(NotFound(f"nothing at {request.url.path}"))
    if exc.status_code == 405:
        return error_response(MethodNotAllowed(f"{request.method} is not allowed here"))
    error = ApiError(str(exc.detail))
    error.status = exc.status_code
    return error_response(error)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(
        {"error": {"code": "internal", "message": "something went wrong on our side"}},
        status_code=500,
    )


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=settings.tortoise_config()):
            yield

    app = Starlette(
        debug=False,
        routes=all_routes(),
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.settings = settings
    return app
