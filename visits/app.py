"""The ASGI application: create_app() wires settings, database, middleware and routes."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from tortoise.contrib.starlette import RegisterTortoise

from visits.api import booking, catalog, documents, outbox, session, system
from visits.api.endpoint import error_response
from visits.errors import ApiError, MethodNotAllowed, NotFound
from visits.mail import run_sender
from visits.pages import visitor
from visits.rendering import RenderPool
from visits.settings import ROOT, Settings, load_settings

log = logging.getLogger("visits")


def all_routes() -> list[BaseRoute]:
    return [*system.routes(), *session.routes(), *catalog.routes(), *booking.routes(),
            *documents.routes(), *outbox.routes(), *visitor.routes(),
            Mount("/static", StaticFiles(directory=ROOT / "static"), name="static")]


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


class RedactSecretPaths(logging.Filter):
    """Share links and feed URLs are credentials: keep them out of the access log."""

    _secret = re.compile(r"^(/v/|/feeds/)[^/?]+")

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path = self._secret.sub(r"\1[redacted]", args[2])
            record.args = (*args[:2], path, *args[3:])
        return True


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()
    access_log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSecretPaths) for f in access_log.filters):
        access_log.addFilter(RedactSecretPaths())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.renderer = RenderPool(settings.render_workers, settings.render_timeout)
        sender: asyncio.Task[None] | None = None
        try:
            async with RegisterTortoise(app, config=settings.tortoise_config()):
                if settings.smtp_url:
                    sender = asyncio.create_task(run_sender(settings.smtp_url, settings.org_email))
                yield
                if sender is not None:
                    sender.cancel()
                    await asyncio.gather(sender, return_exceptions=True)
        finally:
            app.state.renderer.close()

    app = Starlette(
        debug=False,
        routes=all_routes(),
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.settings = settings
    return app
