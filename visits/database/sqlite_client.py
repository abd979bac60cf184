"""SQLite with a bounded wait for the process's one connection.

Tortoise serialises a process's queries on one connection behind an asyncio lock, and waits
for it forever: with another writer holding the database, every request of the process queued
behind one stuck in SQLite's busy handler. Here a waiter gives up once the connection has not
changed hands for `lock_timeout` seconds (see `Turn`), the limit the busy handler gets too
(`busy_timeout`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

import aiosqlite
from tortoise.backends.base.client import ConnectionWrapper, TransactionalDBClient
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections

from visits.database.waits import Turn


class BoundedConnectionWrapper(ConnectionWrapper[aiosqlite.Connection]):
    __slots__ = ("turn",)

    def __init__(self, client: BoundedSqliteClient) -> None:
        super().__init__(client._lock, client)
        self.turn = client.turn

    async def __aenter__(self) -> aiosqlite.Connection:
        await self.turn.take()
        try:
            await self.ensure_connection()
        except BaseException:
            self.turn.give_back()
            raise
        return self.connection

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        self.turn.give_back()


class BoundedTransactionContext(SqliteTransactionContext):
    __slots__ = ("turn",)

    def __init__(self, client: BoundedSqliteClient) -> None:
        super().__init__(SqliteTransactionWrapper(client), client._lock)
        self.turn = client.turn

    async def __aenter__(self) -> TransactionalDBClient:
        """The parent's, with a bounded wait, and the turn given back if BEGIN fails."""
        await self.turn.take()
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
        except BaseException:
            self.turn.give_back()
            raise
        try:
            await self._begin_immediate()
        except BaseException:
            get_connections().reset(self.token)
            self.turn.give_back()
            raise
        return self.connection  # type: ignore[no-any-return]

    async def _begin_immediate(self) -> None:
        """Take the write lock now, asking again every few milliseconds up to the lock
        timeout. SQLite's own busy handler asks every 100 ms, so a process whose requests
        queue back to back kept the lock from another process for seconds."""
        connection = self.connection._connection
        await connection.commit()  # as Tortoise's begin(): end what the driver may have open
        await connection.execute("PRAGMA busy_timeout = 0")
        try:
            await _retry_while_locked(connection, self.turn.seconds)
        finally:
            await connection.execute(f"PRAGMA busy_timeout = {int(self.turn.seconds * 1000)}")

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        try:
            await super().__aexit__(exc_type, exc_val, exc_tb)  # gives the lock back
        finally:
            self.turn.moved_at = time.monotonic()


async def _retry_while_locked(connection: aiosqlite.Connection, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    pause = 0.001
    while True:
        try:
            await connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.005)


class BoundedSqliteClient(SqliteClient):
    def __init__(self, file_path: str, lock_timeout: float | str = 3.0, **pragmas: Any) -> None:
        super().__init__(file_path, **pragmas)
        self.turn = Turn(self._lock, float(lock_timeout),
                         "this process's turn on the SQLite connection")

    def acquire_connection(self) -> ConnectionWrapper[aiosqlite.Connection]:
        return BoundedConnectionWrapper(self)

    def _in_transaction(self) -> BoundedTransactionContext:
        return BoundedTransactionContext(self)


client_class = BoundedSqliteClient
