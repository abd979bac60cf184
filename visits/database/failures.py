"""Which exceptions mean the database is busy or out of reach, rather than a bug.

A locked table, a full disk or a restarting server are outages to wait out (503 with
Retry-After), not errors of ours to log with a traceback. The drivers say so in different
ways: PostgreSQL by SQLSTATE, SQLite by message, the network by `ConnectionError`; Tortoise
wraps some of them, so the whole chain of causes is looked at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Literal

from asyncpg import InterfaceError
from asyncpg.exceptions import InternalClientError
from tortoise.exceptions import DBConnectionError

from visits.database.waits import DatabaseWaitTimeout

Failure = Literal["busy", "unavailable"]

# SQLSTATE: lock_not_available, query_canceled (statement_timeout), deadlock, serialization.
_BUSY_STATES = {"55P03", "57014", "40P01", "40001"}
# connection_exception class, insufficient_resources class (disk full, too many
# connections), admin/crash shutdown, cannot_connect_now (starting up), read-only standby.
_UNAVAILABLE_PREFIXES = ("08", "53", "57P01", "57P02", "57P03", "25006")
_SQLITE_BUSY = ("database is locked", "database table is locked")
_SQLITE_UNAVAILABLE = ("disk i/o error", "database or disk is full", "unable to open database",
                       "attempt to write a readonly database")


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (Tortoise puts the driver's in args[0]) and its causes."""
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        wrapped = [a for a in current.args[:1] if isinstance(a, BaseException)]
        pending.extend([*wrapped, *(c for c in (current.__cause__, current.__context__) if c)])


def database_failure(exc: BaseException) -> tuple[Failure, BaseException] | None:
    """Busy or unavailable, with the cause that says so (the driver's own error), or None
    when the exception is no outage."""
    for cause in causes(exc):
        failure = _failure_of(cause)
        if failure is not None:
            return failure, cause
    return None


def _failure_of(exc: BaseException) -> Failure | None:
    if isinstance(exc, DatabaseWaitTimeout):
        return "busy"
    if isinstance(exc, ConnectionError):
        return "unavailable"
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str):
        return _postgres_failure(state)
    if isinstance(exc, sqlite3.OperationalError):
        return _sqlite_failure(str(exc).lower())
    if isinstance(exc, DBConnectionError):
        return "unavailable"
    if isinstance(exc, InterfaceError) and "closed" in str(exc):
        return "unavailable"  # asyncpg's connection went away under the query
    if isinstance(exc, InternalClientError):
        # asyncpg's protocol left mid-operation when the server died under it: seen at the
        # COMMIT of a transaction whose connection was killed ("another operation (2) is
        # in progress"); nothing else in the app drives a connection that way.
        return "unavailable"
    return None


def _postgres_failure(state: str) -> Failure | None:
    if state in _BUSY_STATES:
        return "busy"
    return "unavailable" if state.startswith(_UNAVAILABLE_PREFIXES) else None


def _sqlite_failure(message: str) -> Failure | None:
    if message.startswith(_SQLITE_BUSY):
        return "busy"
    return "unavailable" if message.startswith(_SQLITE_UNAVAILABLE) else None
