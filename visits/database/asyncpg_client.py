"""PostgreSQL (asyncpg) with a bounded wait for a pool connection.

Lock and statement limits are the server's own (`lock_timeout`, `statement_timeout`, sent as
settings of each connection, see `visits.settings.tortoise_config`); connecting is bounded by
asyncpg's `timeout`. What asyncpg leaves unbounded is the wait for a free connection of the
pool: with a table locked, every request queued there. Here a request waits for connections
DB_CONNECTION_TIMEOUT_SECONDS in all, however many it takes in turn (`pool_wait`).
"""

from __future__ import annotations

from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from tortoise.backends.asyncpg.client import AsyncpgDBClient

from visits.database.waits import DatabaseWaitTimeout, pool_wait


class BoundedPool(asyncpg.Pool):
    __slots__ = ("acquire_timeout",)

    async def _acquire(self, timeout: float | None) -> PoolConnectionProxy:  # noqa: ASYNC109
        # Every acquisition (Tortoise's queries and transactions alike) passes here.
        async with pool_wait(timeout or self.acquire_timeout) as seconds:
            try:
                return await super()._acquire(seconds)  # type: ignore[misc,no-any-return]
            except TimeoutError:
                raise DatabaseWaitTimeout("a connection of the pool", seconds) from None


class BoundedAsyncpgClient(AsyncpgDBClient):
    def __init__(self, acquire_timeout: float | str = 5.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.acquire_timeout = float(acquire_timeout)

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        """What `asyncpg.create_pool` does, with its defaults, but of a `BoundedPool`."""
        pool = BoundedPool(None, max_queries=50000, max_inactive_connection_lifetime=300.0,
                           record_class=asyncpg.Record, **kwargs)
        pool.acquire_timeout = self.acquire_timeout
        return await pool


client_class = BoundedAsyncpgClient
