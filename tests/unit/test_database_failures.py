"""Which driver errors are outages (503) and which are bugs (500): table-driven."""

from __future__ import annotations

import sqlite3

import pytest
from asyncpg import exceptions as pg
from tortoise.exceptions import DBConnectionError, IntegrityError, OperationalError

from visits.database.failures import database_failure
from visits.database.waits import DatabaseWaitTimeout


def _wrapped(cause: Exception) -> Exception:
    """As Tortoise raises it: its own class, the driver's error inside."""
    try:
        raise cause
    except Exception as exc:  # noqa: BLE001
        try:
            raise OperationalError(exc)
        except OperationalError as wrapped:
            return wrapped


@pytest.mark.parametrize(("error", "expected"), [
    (sqlite3.OperationalError("database is locked"), "busy"),
    (_wrapped(sqlite3.OperationalError("database is locked")), "busy"),
    (_wrapped(sqlite3.OperationalError("database or disk is full")), "unavailable"),
    (sqlite3.OperationalError("disk I/O error"), "unavailable"),
    (pg.LockNotAvailableError("canceling statement due to lock timeout"), "busy"),
    (pg.QueryCanceledError("canceling statement due to statement timeout"), "busy"),
    (pg.DeadlockDetectedError("deadlock detected"), "busy"),
    (pg.CannotConnectNowError("the database system is starting up"), "unavailable"),
    (pg.AdminShutdownError("terminating connection"), "unavailable"),
    (pg.ConnectionDoesNotExistError("connection was closed"), "unavailable"),
    (pg.DiskFullError("could not extend file"), "unavailable"),
    (pg.InterfaceError("connection is closed"), "unavailable"),
    (ConnectionRefusedError(111, "Connection refused"), "unavailable"),
    (DBConnectionError("cannot connect"), "unavailable"),
    (DatabaseWaitTimeout("a connection of the pool", 5), "busy"),
])
def test_outages_are_told_apart(error: Exception, expected: str) -> None:
    found = database_failure(error)

    assert found is not None and found[0] == expected


@pytest.mark.parametrize("error", [
    _wrapped(sqlite3.OperationalError("no such table: visit")),
    pg.UndefinedColumnError('column "x" does not exist'),
    pg.InterfaceError("cannot perform operation: another operation is in progress"),
    IntegrityError("UNIQUE constraint failed"),
    ValueError("a bug"),
])
def test_bugs_stay_bugs(error: Exception) -> None:
    assert database_failure(error) is None
