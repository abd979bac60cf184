"""Waits for the database that end: past their limit they raise `DatabaseWaitTimeout`.

A queue that moves is contention, however long it is: a hundred bookings in a row are each
served in turn. A queue whose head is stuck (behind another writer's lock, say) is an
outage: its waiters are answered within the limit, not one after another. So a waiter
gives up once the limit has passed both since it began to wait and since the queue last
moved (`Progress`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Protocol, TypeVar

T = TypeVar("T")


class DatabaseWaitTimeout(Exception):
    """A connection (or this process's turn on SQLite's one connection) was not free in time."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"waited {seconds:g} s for {what}")
        self.seconds = seconds


class Progress:
    """When a queue last moved (something taken or given back)."""

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds, self.what = seconds, what
        self.moved_at = time.monotonic()

    def moved(self) -> None:
        self.moved_at = time.monotonic()

    async def wait_for(self, attempt: asyncio.Future[T]) -> T:
        """The attempt's result, or DatabaseWaitTimeout (the attempt cancelled) once the
        queue has stood still for the limit, the waiter having waited at least that long."""
        began = time.monotonic()
        while not attempt.done():
            now = time.monotonic()
            give_up = max(began, self.moved_at) + self.seconds
            if now >= give_up:
                raise DatabaseWaitTimeout(self.what, self.seconds)
            await asyncio.wait({attempt}, timeout=give_up - now)
        self.moved()
        return attempt.result()


class Acquirable(Protocol):
    def locked(self) -> bool: ...
    async def acquire(self) -> bool: ...
    def release(self) -> None: ...


class Turn:
    """An asyncio lock or semaphore whose waiters give up as `Progress` says."""

    def __init__(self, lock: Acquirable, seconds: float, what: str) -> None:
        self.lock = lock
        self.progress = Progress(seconds, what)
        self.seconds = seconds

    async def take(self) -> None:
        if not self.lock.locked():
            await self.lock.acquire()  # free: no task, no wait
            self.progress.moved()
            return
        attempt = asyncio.ensure_future(self.lock.acquire())  # keeps its place in the queue
        try:
            await self.progress.wait_for(attempt)
        except BaseException:
            if granted(attempt):
                self.lock.release()
            raise

    def give_back(self, moved: bool = True) -> None:
        """`moved`: whether this counts as the queue moving (a failed turn may not)."""
        if moved:
            self.progress.moved()
        self.lock.release()


def granted(attempt: asyncio.Future[T]) -> bool:
    """Cancels an attempt given up on; True if it had got what it asked for all the same."""
    attempt.cancel()
    return attempt.done() and not attempt.cancelled() and attempt.exception() is None



# Seconds one request has waited for pool connections so far; None outside a request.
_pool_waited: ContextVar[list[float] | None] = ContextVar("pool_waited", default=None)
LEAST_POOL_WAIT = 0.1  # a request past its budget still takes a connection that is free


def one_pool_budget() -> None:
    """From here on in this task (one request: uvicorn runs each in a task of its own), every
    wait for a pool connection draws on one budget, so a request that needs several
    connections in turn waits DB_CONNECTION_TIMEOUT_SECONDS in all, not that much each."""
    _pool_waited.set([0.0])


@asynccontextmanager
async def pool_wait(limit: float) -> AsyncIterator[float]:
    """The seconds this wait may last (what is left of the request's budget), counted in."""
    waited = _pool_waited.get()
    began = time.monotonic()
    try:
        yield limit if waited is None else max(LEAST_POOL_WAIT, limit - waited[0])
    finally:
        if waited is not None:
            waited[0] += time.monotonic() - began
