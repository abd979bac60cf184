"""SQLite with a bounded wait for the process's one connection.

Tortoise serialises a process's queries on one connection behind an asyncio lock, and waits
for it forever: with another writer holding the database, every request of the process queued
behind one stuck in SQLite's busy handler. Here a waiter gives up once the connection has not
changed hands for `lock_timeout` seconds (see `Turn`), the limit the busy handler gets too
(`busy_timeout`).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiosqlite
from tortoise.backends.base.client import ConnectionWrapper, TransactionalDBClient
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections

from visits.database.failures import database_failure
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
        self.turn.give_back(moved=served(exc_val))


class BoundedTransactionContext(SqliteTransactionContext):
    __slots__ = ("turn", "write_lock")

    def __init__(self, client: BoundedSqliteClient) -> None:
        super().__init__(SqliteTransactionWrapper(client), client._lock)
        self.turn = client.turn
        self.write_lock = client.write_lock

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
        connection = self.connection._connection
        await connection.commit()  # as Tortoise's begin(): end what the driver may have open
        await self.write_lock.take(connection)

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        try:
            await super().__aexit__(exc_type, exc_val, exc_tb)  # gives the lock back
        finally:
            if served(exc_val):
                self.turn.progress.moved()


def served(error: BaseException | None) -> bool:
    """Whether a turn that ended so counts as the queue moving: a refusal (409) does, a
    database that was busy or away does not."""
    return error is None or database_failure(error) is None


class WriteLock:
    """SQLite's write lock, taken at BEGIN (IMMEDIATE) and asked for again every few
    milliseconds up to the lock timeout: SQLite's own busy handler asks every 100 ms, so a
    process whose requests queued back to back kept the lock from another for seconds.

    Once the lock has been refused for a whole timeout without a break (another writer
    holds the database), the next transactions ask once and give up: the requests queued
    behind the first are answered at once, not a timeout apart each.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.refused_since: float | None = None
        self.refused_at = 0.0

    async def take(self, connection: aiosqlite.Connection) -> None:
        await connection.execute("PRAGMA busy_timeout = 0")  # the asking is done here
        try:
            await self._ask(connection)
        finally:
            await connection.execute(f"PRAGMA busy_timeout = {int(self.seconds * 1000)}")

    async def _ask(self, connection: aiosqlite.Connection) -> None:
        now = time.monotonic()
        held = (self.refused_since is not None and now - self.refused_since >= self.seconds
                and now - self.refused_at < self.seconds)  # and still refused just now
        deadline = now if held else now + self.seconds
        pause = 0.001
        while True:
            try:
                await connection.execute("BEGIN IMMEDIATE")
                self.refused_since = None
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                self.refused_at = time.monotonic()
                self.refused_since = self.refused_since or self.refused_at
                if self.refused_at >= deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.005)


class BoundedSqliteClient(SqliteClient):
    def __init__(self, file_path: str, lock_timeout: float | str = 3.0, **pragmas: Any) -> None:
        super().__init__(file_path, **pragmas)
        self.turn = Turn(self._lock, float(lock_timeout),
                         "this process's turn on the SQLite connection")
        self.write_lock = WriteLock(float(lock_timeout))
        self._side: dict[tuple[int, int], sqlite3.Connection] = {}

    def read_at_once(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]] | None:
        """The rows of a small read (a few rows found by index), answered on the calling
        thread by a connection of its own that never waits; None when SQLite cannot answer
        at once (a lock, an error, an in-memory database the side connection would not
        see), and the caller asks through the pool as usual.

        Through aiosqlite a query costs about 0.3 ms of CPU in thread hand-offs, most of a
        cached API answer's; this costs the statement's few microseconds, held on the event
        loop. In WAL mode (Tortoise's) a reader never waits for a writer, and each statement
        sees the last commit of every process; the connection may only read."""
        if _in_memory(self.filename):
            return None
        key = (os.getpid(), threading.get_ident())
        try:
            side = self._side.get(key)
            if side is None:
                side = self._side[key] = _side_connection(self.filename)
            return [tuple(row) for row in side.execute(sql, params).fetchall()]
        except sqlite3.Error:
            return None

    async def close(self) -> None:
        await super().close()
        for key in [k for k in self._side if k[0] == os.getpid()]:
            self._side.pop(key).close()

    def acquire_connection(self) -> ConnectionWrapper[aiosqlite.Connection]:
        return BoundedConnectionWrapper(self)

    def _in_transaction(self) -> BoundedTransactionContext:
        return BoundedTransactionContext(self)


def _in_memory(filename: str) -> bool:
    return filename == ":memory:" or "mode=memory" in filename or filename.startswith(
        "file::memory:")


def _side_connection(filename: str) -> sqlite3.Connection:
    # mode=rw: a missing file stays missing (the pool then says why). timeout=0: a lock is
    # an answer (None above), never a wait. check_same_thread=False only so that `close`
    # may close it from another thread; it is used by one.
    uri = f"{Path(filename).absolute().as_uri()}?mode=rw"
    side = sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None,
                           check_same_thread=False)
    side.execute("PRAGMA query_only = 1")
    return side


client_class = BoundedSqliteClient
