"""The ASGI application: create_app() wires settings, database, middleware and routes."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.contrib.starlette import RegisterTortoise

from visits.api import (
    after,
    booking,
    calendars,
    catalog,
    companions,
    delays,
    documents,
    event_jobs,
    outbox,
    planning,
    programme,
    requests,
    session,
    system,
    versions,
)
from visits.children import die_with_supervisor
from visits.database.health import LastKnown
from visits.edge.errors import error_response, shortened
from visits.edge.hosts import AllowedHosts
from visits.edge.limits import InFlightLimit
from visits.edge.outages import DATABASE_EXCEPTIONS, client_gone, outage, quiet_driver_logs
from visits.edge.sessions import ServerSessions
from visits.errors import ApiError, MethodNotAllowed, NotFound, ServerError
from visits.mail import RetryPolicy, run_sender
from visits.pages import (
    account,
    answer_page,
    delegation_picker,
    events,
    gifts,
    host,
    officer,
    reports,
    request_page,
    requests_inbox,
    stats,
    survey_page,
    tracking_page,
    visit_after,
    visit_builder,
    visit_list,
    visit_page,
)
from visits.pages import (
    calendars as calendar_pages,
)
from visits.pages import catalog as catalog_pages
from visits.pages import companions as companion_pages
from visits.pages import event_jobs as event_job_pages
from visits.pages.web import error_page
from visits.services.availability import RoomCache
from visits.services.calendar_reading import run_calendar_reader
from visits.services.document_store import DocumentStore
from visits.services.event_jobs import EventJobRunner
from visits.services.prerender import Prerenderer
from visits.services.reminders import run_reminders
from visits.services.rendering import DocumentCache, RenderPool
from visits.services.solving import SolverPool
from visits.settings import ROOT, Settings, SettingsError, load_settings
from visits.shutdown import on_stop_signal
from visits.wording import reader_language, say

log = logging.getLogger("visits")


def all_routes() -> list[BaseRoute]:
    return [*system.routes(), *session.routes(), *catalog.routes(), *booking.routes(),
            *documents.routes(), *versions.routes(), *outbox.routes(), *planning.routes(),
            *event_jobs.routes(),
            *requests.routes(), *programme.routes(), *companions.routes(), *delays.routes(),
            *after.routes(), *calendars.routes(),
            *account.routes(), *officer.routes(), *catalog_pages.routes(),
            *companion_pages.routes(), *delegation_picker.routes(),
            *visit_builder.routes(), *visit_list.routes(), *visit_page.routes(),
            *visit_after.routes(),
            *events.routes(), *event_job_pages.routes(), *host.routes(), *stats.routes(),
            *gifts.routes(),
            *reports.routes(), *calendar_pages.routes(), *request_page.routes(),
            *requests_inbox.routes(),
            *tracking_page.routes(), *answer_page.routes(), *survey_page.routes(),
            Mount("/static", StaticFiles(directory=ROOT / "static"), name="static")]


async def _refusal(request: Request, error: ApiError) -> Response:
    """A page for a browser asking for a page, the contract's JSON error for programs."""
    if _wants_a_page(request):
        return await error_page(request, error)
    return await error_response(request, error)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return await _refusal(request, NotFound("There is nothing at {path}.",
                                                path=shortened(request.url.path)))
    if exc.status_code == 405:
        refused = MethodNotAllowed("{method} is not allowed here.",
                                   method=shortened(request.method))
        response = await error_response(request, refused)
        response.headers["Allow"] = _allowed_methods(request)
        return response
    error = ApiError("The request could not be handled: {detail}.", detail=str(exc.detail))
    error.status = exc.status_code
    return await error_response(request, error)


def _allowed_methods(request: Request) -> str:
    """Every method some route takes at this address (one route per method here)."""
    # A mount has moved the scope's root_path under itself: match from the app's own root.
    root = request.scope.get("app_root_path", request.scope.get("root_path", ""))
    scope = {**request.scope, "root_path": root}
    methods: set[str] = set()
    for route in request.app.router.routes:
        if route.matches(scope)[0] is Match.NONE:
            continue
        if isinstance(route, Route):
            methods |= route.methods or set()
        elif isinstance(route, Mount) and isinstance(route.app, StaticFiles):
            methods |= {"GET", "HEAD"}
    return ", ".join(sorted(methods))


def _wants_a_page(request: Request) -> bool:
    """A browser asking for a page address gets a page; programs get the JSON error."""
    api = request.url.path.startswith(("/api/", "/v/", "/feeds/"))
    return not api and "text/html" in request.headers.get("accept", "")


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    error = ServerError("Something went wrong on our side: please try again shortly.")
    lang = reader_language(request.headers.get("accept-language"))
    return JSONResponse(error.body(say(error, lang)), status_code=500,
                        headers={"Content-Language": lang})


async def _database_error(request: Request, exc: Exception) -> Response:
    """An outage is a 503 (a page for browsers), logged in one line; anything else a 500."""
    refusal = outage(request, exc)
    if refusal is None:
        return await _server_error(request, exc)
    return await _refusal(request, refusal)


class RedactSecretPaths(logging.Filter):
    """Share links, tracking links, hosts' answer links and feed URLs are credentials: keep
    them out of the access log."""

    _secret = re.compile(r"^(/v/|/feeds/|/track/|/answer/)[^/?]+")

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path = self._secret.sub(r"\1[redacted]", args[2])
            record.args = (*args[:2], path, *args[3:])
        return True


class SecurityHeaders:
    """Pages may load only this site's own styles and scripts; nobody may frame them."""

    HEADERS = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"content-security-policy",
         b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
         b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [h for h in self.HEADERS if h[0] not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings | None = None) -> Starlette:
    if settings is None:
        try:
            settings = load_settings()
        except SettingsError as exc:  # the message alone, not a traceback: not starting
            raise SystemExit(f"설정 오류 (settings error): {exc}") from None
    access_log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSecretPaths) for f in access_log.filters):
        access_log.addFilter(RedactSecretPaths())
    quiet_driver_logs()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        die_with_supervisor()
        app.state.renderer = RenderPool(settings.render_workers, settings.render_timeout,
                                        DocumentStore(settings.document_store_max_bytes))
        if settings.render_prewarm:
            app.state.renderer.prewarm()
        app.state.solver = SolverPool(settings.solver_processes, settings.solver_memory_mb,
                                      settings.solver_grace)
        app.state.event_jobs = EventJobRunner(settings)
        sender: asyncio.Task[None] | None = None
        reminders: asyncio.Task[None] | None = None
        reader: asyncio.Task[None] | None = None
        prerender: asyncio.Task[None] | None = None
        try:
            async with RegisterTortoise(app, config=settings.tortoise_config()), \
                    on_stop_signal(app.state.renderer.close, app.state.solver.close,
                                   app.state.event_jobs.kill_all):
                if settings.smtp_url:
                    retry = RetryPolicy(settings.mail_retry_first, settings.mail_retry_cap)
                    sender = asyncio.create_task(
                        run_sender(settings.smtp_url, settings.org_email, retry))
                reminders = asyncio.create_task(run_reminders(settings))
                if settings.calendars.reader:
                    reader = asyncio.create_task(
                        run_calendar_reader(settings, settings.calendars.poll_seconds))
                if settings.prerender:
                    app.state.prerenderer = Prerenderer(settings, app.state.renderer)
                    prerender = asyncio.create_task(app.state.prerenderer.run())
                yield
                await app.state.event_jobs.close()
                for task in (prerender, sender, reminders, reader):
                    if task is not None:
                        task.cancel()
                        await asyncio.gather(task, return_exceptions=True)
        finally:
            app.state.event_jobs.kill_all()
            app.state.solver.close()
            app.state.renderer.close()

    app = Starlette(
        debug=False,
        routes=all_routes(),
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _server_error,
                            ClientDisconnect: client_gone,
                            **dict.fromkeys(DATABASE_EXCEPTIONS, _database_error)},
        middleware=[
            Middleware(InFlightLimit, limit=settings.max_requests_in_flight,
                       wait=settings.database_timeouts.lock),
            Middleware(SecurityHeaders),
            Middleware(ServerSessions, public_url=settings.public_url, refuse=_refusal),
            Middleware(AllowedHosts, settings=settings, refuse=_refusal),
        ],
    )
    app.state.settings = settings
    app.state.database_health = LastKnown()
    app.state.slots_cache = DocumentCache(16 * 1024 * 1024)
    app.state.room_cache = RoomCache()
    return app
