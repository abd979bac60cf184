"""A bound on the requests one process works on at once.

Past it a request waits a little for its turn (a burst is served, not refused), but only
so long and only behind so many: then it is refused at once with 503 `overloaded` and
Retry-After, instead of queueing without end (with the database locked, open requests grew
to 141). /healthz is never held: it says the process is alive, without the database.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from visits.edge.errors import error_response
from visits.errors import Overloaded

UNLIMITED_PATHS = frozenset({"/healthz"})


class InFlightLimit:
    """At most `limit` requests worked on, and at most `limit` more waiting up to `wait`
    seconds for their turn."""

    def __init__(self, app: ASGIApp, limit: int, wait: float) -> None:
        self.app = app
        self.limit = limit
        self.wait = wait
        self.turns = asyncio.Semaphore(limit)
        self.waiting = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        if not await self._turn():
            await self._refuse(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.turns.release()

    async def _turn(self) -> bool:
        if self.turns.locked() and self.waiting >= self.limit:
            return False
        self.waiting += 1
        try:
            await asyncio.wait_for(self.turns.acquire(), self.wait)
        except TimeoutError:
            return False
        finally:
            self.waiting -= 1
        return True

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = Overloaded(
            "The server is handling too many requests: please try again in a moment.")
        response = await error_response(Request(scope, receive), refusal)
        await response(scope, receive, send)
