"""Waits for the database that end: past their limit they raise `DatabaseWaitTimeout`."""

from __future__ import annotations

import asyncio
import time


class DatabaseWaitTimeout(Exception):
    """A connection (or this process's turn on SQLite's one connection) was not free in time."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"waited {seconds:g} s for {what}")
        self.seconds = seconds


class Turn:
    """A lock whose waiters give up when it has not changed hands for `seconds`.

    A queue that moves is contention, however long it is: a hundred bookings in a row are
    each served in turn. A queue whose holder is stuck (behind another process's write lock,
    say) is an outage: its waiters are answered within `seconds`, not one after another.
    """

    def __init__(self, lock: asyncio.Lock, seconds: float, what: str) -> None:
        self.lock, self.seconds, self.what = lock, seconds, what
        self.moved_at = time.monotonic()

    async def take(self) -> None:
        if not self.lock.locked():
            await self.lock.acquire()  # free: no task, no wait
        else:
            await self._wait_in_line()
        self.moved_at = time.monotonic()

    def give_back(self) -> None:
        self.moved_at = time.monotonic()
        self.lock.release()

    async def _wait_in_line(self) -> None:
        attempt = asyncio.ensure_future(self.lock.acquire())  # keeps its place in the queue
        try:
            while not attempt.done():
                still = time.monotonic() - self.moved_at
                if still >= self.seconds and self.lock.locked():
                    raise DatabaseWaitTimeout(self.what, self.seconds)
                await asyncio.wait({attempt}, timeout=max(self.seconds - still, 0.01))
        except BaseException:
            attempt.cancel()
            if attempt.done() and not attempt.cancelled() and attempt.exception() is None:
                self.lock.release()  # granted just as we gave up
            raise
