"""Which addresses the app answers for, and the one place a link's base is chosen.

A link built from a forged Host header (`Host: evil.example`) would send a visitor's share
link, a host's calendar feed or a PDF's QR code to someone else's server. So links come from
PUBLIC_URL, else from the request's own address only when its host is allowed; and a request
for any other host is refused before it reaches a route."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from visits.errors import BadHost
from visits.settings import Settings, host_name

# Probes that render no link, asked by monitors that may not know the public name.
UNCHECKED_PATHS = frozenset({"/healthz", "/readyz"})
Refuse = Callable[[Request, BadHost], Awaitable[Response]]


def bad_host() -> BadHost:
    return BadHost("This server does not answer for the address in the Host header.")


def host_allowed(settings: Settings, request: Request) -> bool:
    return host_name(request.headers.get("host", "")) in settings.allowed_hosts


def public_base(request: Request) -> str:
    """Where links point: PUBLIC_URL, else the address the request came to if allowed."""
    settings: Settings = request.app.state.settings
    if settings.public_url:
        return settings.public_url
    if not host_allowed(settings, request):
        raise bad_host()
    return str(request.base_url).rstrip("/")


class AllowedHosts:
    """Answers 400 `bad_host` (through `refuse`: JSON or a page) to a request whose Host
    header names no allowed host."""

    def __init__(self, app: ASGIApp, settings: Settings, refuse: Refuse) -> None:
        self.app, self.settings, self.refuse = app, settings, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in UNCHECKED_PATHS:
            request = Request(scope, receive)
            if not host_allowed(self.settings, request):
                response = await self.refuse(request, bad_host())
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
