"""A bound on the requests one process works on at once.

Past it a request waits for its turn behind at most as many others, and only while the
requests in flight keep being served (a burst is served, not refused; a 503 is no
progress: see `visits.database.waits.Progress`); else it is refused with 503 `overloaded` and
Retry-After, instead of queueing without end (with the database locked, open requests grew
to 141). /healthz is never held: it says the process is alive, without the database.
Each request also gets one budget for its waits on pool connections (`one_pool_budget`).
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from visits.database.waits import DatabaseWaitTimeout, Turn, one_pool_budget
from visits.edge.errors import error_response
from visits.errors import Overloaded

UNLIMITED_PATHS = frozenset({"/healthz"})


class InFlightLimit:
    """At most `limit` requests worked on, and at most `limit` more waiting for their turn,
    each until `wait` seconds pass with none served."""

    def __init__(self, app: ASGIApp, limit: int, wait: float) -> None:
        self.app = app
        self.limit = limit
        self.turns = Turn(asyncio.Semaphore(limit), wait, "a turn among the requests")
        self.waiting = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        one_pool_budget()
        if not await self._turn():
            await self._refuse(scope, receive, send)
            return
        served = False

        async def noting_success(message: Message) -> None:
            nonlocal served
            if message["type"] == "http.response.start":
                served = message["status"] < 500
            await send(message)

        try:
            await self.app(scope, receive, noting_success)
        finally:
            self.turns.give_back(moved=served)

    async def _turn(self) -> bool:
        if self.turns.lock.locked() and self.waiting >= self.limit:
            return False
        self.waiting += 1
        try:
            await self.turns.take()
        except DatabaseWaitTimeout:
            return False
        finally:
            self.waiting -= 1
        return True

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = Overloaded(
            "The server is handling too many requests: please try again in a moment.")
        response = await error_response(Request(scope, receive), refusal)
        await response(scope, receive, send)
