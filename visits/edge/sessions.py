"""Server-side sessions: the cookie holds only a random key, the web_session row (found by the
key's SHA-256) holds who is signed in, the CSRF token and flash messages.

Deleting the row ends the session at once in every app process: signing out, a password
change and disabling a user do (`visits.auth.end_sign_ins`). Pages use `request.session` as
with Starlette's SessionMiddleware; a row is written only when the session changed.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from visits.edge.outages import DATABASE_EXCEPTIONS, outage
from visits.errors import ApiError
from visits.models import WebSession

COOKIE = "gyeonhak_session"
SIGNED_IN_LIFETIME = timedelta(hours=12)
# A session before sign-in only carries the form's CSRF token: kept shorter, since anyone
# can make one by opening a page.
ANONYMOUS_LIFETIME = timedelta(hours=2)
_RENEW = "session.renew"
_PURGE_EVERY_S = 60.0
_last_purge = 0.0
# Never a page: no session to look up (a browser sends the cookie with every static file).
_SESSIONLESS = ("/static/", "/api/", "/healthz", "/openapi.json")


def renew_session(connection: HTTPConnection) -> None:
    """Give the session a new key when the response goes out (at sign-in): a key planted
    before signing in is worth nothing after."""
    connection.scope[_RENEW] = True


def secure_cookies(scope: Scope, public_url: str) -> bool:
    """Cookies say Secure when the request came over HTTPS (behind a proxy: as its
    X-Forwarded-Proto says, once uvicorn trusts it through FORWARDED_ALLOW_IPS), or when the
    public address is https whatever the hop to the app."""
    return scope.get("scheme") in ("https", "wss") or public_url.startswith("https://")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("ascii", "replace")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class ServerSessions:
    """ASGI middleware putting `scope["session"]` (a dict) before the app, saving it after."""

    def __init__(self, app: ASGIApp, *, public_url: str = "",
                 refuse: Callable[[Request, ApiError], Awaitable[Response]]) -> None:
        self.app = app
        self.public_url = public_url
        self.refuse = refuse  # the page or JSON error for a refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(_SESSIONLESS):
            scope["session"] = {}
            await self.app(scope, receive, send)
            return
        key = HTTPConnection(scope).cookies.get(COOKIE)
        scope["session"] = {}
        try:
            record = await self._load(key)
        except DATABASE_EXCEPTIONS as exc:
            await self._answer_outage(scope, receive, send, exc)
            return
        scope["session"] = _data_of(record)
        loaded = dict(scope["session"])
        replaced = False

        async def send_with_cookie(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return  # the app's answer went nowhere: the outage's was sent instead
            if message["type"] == "http.response.start":
                try:
                    cookie = await self._save(scope, record, loaded)
                except DATABASE_EXCEPTIONS as exc:
                    replaced = True
                    await self._answer_outage(scope, receive, send, exc)
                    return
                if cookie is not None:
                    MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _answer_outage(self, scope: Scope, receive: Receive, send: Send,
                             exc: Exception) -> None:
        """With the database away the session can be neither read nor kept (a form served
        without it would only fail its CSRF check later): the answer is the outage's 503."""
        request = Request(scope, receive)
        refusal = outage(request, exc)
        if refusal is None:
            raise exc
        response = await self.refuse(request, refusal)
        await response(scope, receive, send)

    async def _load(self, key: str | None) -> WebSession | None:
        if not key or len(key) > 100:
            return None
        return await WebSession.get_or_none(key_hash=_digest(key), expires_at__gt=_now())

    async def _save(self, scope: Scope, record: WebSession | None,
                    loaded: dict[str, Any]) -> str | None:
        """The Set-Cookie header value, or None when the cookie stays as it is."""
        data: dict[str, Any] = scope["session"]
        renew = bool(scope.get(_RENEW))
        if record is not None and (renew or not data):
            await WebSession.filter(id=record.id).delete()
        elif record is not None and data != loaded:
            await _write(record, data)
            return None
        if not data:
            return self._cookie(scope, "", 0) if record is not None else None
        if record is not None and not renew:
            return None
        return await self._create(scope, data)

    async def _create(self, scope: Scope, data: dict[str, Any]) -> str:
        await _purge_expired()
        key = secrets.token_urlsafe(32)
        lifetime = SIGNED_IN_LIFETIME if data.get("user_id") else ANONYMOUS_LIFETIME
        await WebSession.create(key_hash=_digest(key), user_id=data.get("user_id"),
                                data=_stored(data), expires_at=_now() + lifetime)
        return self._cookie(scope, key, int(lifetime.total_seconds()))

    def _cookie(self, scope: Scope, key: str, max_age: int) -> str:
        cookie: SimpleCookie = SimpleCookie()
        cookie[COOKIE] = key
        morsel = cookie[COOKIE]
        morsel["path"] = "/"
        morsel["max-age"] = max_age
        morsel["httponly"] = True
        morsel["samesite"] = "lax"
        if secure_cookies(scope, self.public_url):
            morsel["secure"] = True
        return morsel.OutputString()


async def _purge_expired() -> None:
    """Expired rows open nothing already; deleting them (at most once a minute per process)
    keeps the table to the live sessions."""
    global _last_purge
    if time.monotonic() - _last_purge >= _PURGE_EVERY_S:
        _last_purge = time.monotonic()
        await WebSession.filter(expires_at__lte=_now()).delete()


def _data_of(record: WebSession | None) -> dict[str, Any]:
    if record is None:
        return {}
    data = dict(record.data) if isinstance(record.data, dict) else {}
    if record.user_id is not None:  # type: ignore[attr-defined]
        data["user_id"] = record.user_id  # type: ignore[attr-defined]
    return data


def _stored(data: dict[str, Any]) -> dict[str, Any]:
    """What goes into the data column: the user lives in its own column (so that all of a
    user's sessions can be ended with one DELETE)."""
    return {name: value for name, value in data.items() if name != "user_id"}


async def _write(record: WebSession, data: dict[str, Any]) -> None:
    await WebSession.filter(id=record.id).update(data=_stored(data))
