"""Outages answered as outages: the database busy or away is a 503 with Retry-After and one
log line naming the cause, never a 500 with a traceback; a client that left is a note."""

from __future__ import annotations

import logging
import sqlite3

from asyncpg import InterfaceError, PostgresError
from asyncpg.exceptions import InternalClientError
from starlette.requests import Request
from starlette.responses import Response
from tortoise.exceptions import BaseORMException

from visits.database.failures import database_failure
from visits.database.waits import DatabaseWaitTimeout
from visits.errors import DatabaseBusy, DatabaseUnavailable

log = logging.getLogger("visits.outages")

# What the database layer raises; each is looked at, and only an outage answers 503.
DATABASE_EXCEPTIONS: tuple[type[Exception], ...] = (
    BaseORMException, sqlite3.Error, PostgresError, InterfaceError, InternalClientError,
    ConnectionError, DatabaseWaitTimeout)


def busy() -> DatabaseBusy:
    return DatabaseBusy("The database is busy: please try again in a few seconds.")


def unavailable() -> DatabaseUnavailable:
    return DatabaseUnavailable(
        "The database cannot be reached just now: please try again shortly.")


def disk_full() -> DatabaseUnavailable:
    return DatabaseUnavailable(
        "The database's disk is full: nothing can be saved until space is freed.")


def outage(request: Request, exc: Exception) -> DatabaseBusy | DatabaseUnavailable | None:
    """The 503 for a database exception, logged in one line; None if it is not an outage."""
    found = database_failure(exc)
    if found is None:
        return None
    failure, cause = found
    log.warning("%s %s: database %s: %s: %s", request.method, request.url.path, failure,
                type(cause).__name__, str(cause).splitlines()[0] if str(cause) else "")
    return busy() if failure == "busy" else unavailable()


async def client_gone(request: Request, exc: Exception) -> Response:
    """The client hung up before its request was read: nobody is left to answer."""
    log.info("%s %s: the client disconnected", request.method, request.url.path)
    return Response(status_code=499)


class CauseInOneLine(logging.Filter):
    """asyncpg's pool logs each failed reconnection with a full traceback while the database
    is away (every 1, 2, 4… s): one line with the cause says as much."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            cause = record.exc_info[1]
            record.msg = f"{record.getMessage()}: {type(cause).__name__}: {cause}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_driver_logs() -> None:
    pool_log = logging.getLogger("asyncpg.pool")
    if not any(isinstance(f, CauseInOneLine) for f in pool_log.filters):
        pool_log.addFilter(CauseInOneLine())
