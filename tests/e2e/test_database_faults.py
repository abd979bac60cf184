"""The database fails under a real server (issue 11, points 10 and 13): held by another
writer, out of disk space. Every answer comes within the time limits, none is a 500,
/healthz answers at once throughout, and once the database is back every booking can be
made, none lost and none twice."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.faults import (
    CLOCKS,
    Answer,
    book,
    booked_starts,
    prepare_database,
    sample_healthz,
    slots,
    world,
)
from tests.e2e.servers import start_server, stop_server
from tests.environment import make_settings
from tests.integration.builders import OutsideWriter, lock_the_database
from visits.settings import Settings

pytestmark = pytest.mark.slow
LOCK_S, CONNECTION_S = 2, 3
LIMITS = {"DB_LOCK_TIMEOUT_SECONDS": str(LOCK_S),
          "DB_CONNECTION_TIMEOUT_SECONDS": str(CONNECTION_S)}
HOLD_S = 20.0  # the longest the test waits for its answers; they come far sooner


async def _hold(database_url: str) -> Callable[[], Any]:
    """Another writer takes the database (SQLite: its write lock; PostgreSQL: LOCK TABLE stop
    IN ACCESS EXCLUSIVE MODE, as in the issue); returns the release."""
    writer = OutsideWriter(database_url)
    await lock_the_database(writer)

    async def release() -> None:
        await writer.commit()
        await writer.close()

    return release


def _longest_wait(settings: Settings) -> float:
    """A request waits LOCK_S for a lock and CONNECTION_S in all for pool connections. On
    PostgreSQL bookings of one facility also queue for its row, which each passes on to the
    next when its own lock wait on the held table ends: one more LOCK_S for the queue."""
    queue = LOCK_S if settings.is_postgres else 0
    return LOCK_S + queue + CONNECTION_S + 1.5


def _no_server_error(answers: list[Answer], log: str) -> None:
    assert all(a.status != 500 for a in answers), log[-3000:]
    assert "Traceback" not in log, log[-3000:]


async def test_a_database_held_by_another_writer_is_503_in_time_and_loses_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    await prepare_database(settings)
    server = start_server(settings, tmp_path / "uvicorn.log", extra_env=LIMITS)
    client = httpx.AsyncClient(base_url=server.url, timeout=30)
    try:
        w = await world(client)
        release = await _hold(settings.database_url)
        released = asyncio.Event()
        health = asyncio.ensure_future(sample_healthz(client, released))
        try:
            during = await asyncio.wait_for(asyncio.gather(
                *(book(client, w, clock) for clock in CLOCKS),
                *(slots(client, w) for _ in range(4))), HOLD_S)
        finally:
            await release()
            released.set()
        refused = [clock for clock, a in zip(CLOCKS, during, strict=False) if a.status == 503]
        after = [await book(client, w, clock) for clock in refused]
        starts = await booked_starts(client)
        healthz = await health
    finally:
        await client.aclose()
        stop_server(server)

    bookings = during[:len(CLOCKS)]
    _no_server_error([*during, *after, *healthz], server.output())
    assert {a.status for a in bookings} <= {201, 503}
    assert refused, "no booking met the held database"
    assert all(a.body["error"]["code"] == "database_busy" and a.retry_after == "2"
               for a in bookings if a.status == 503)
    assert max(a.seconds for a in during) < _longest_wait(settings), during
    assert max(a.seconds for a in healthz) < 1.0
    assert [a.status for a in after] == [201] * len(refused)
    assert len(starts) == len(CLOCKS) == len(set(starts))  # each booking once, none lost


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 MB tmpfs of the test's own (the suite runs as root), unmounted after."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:  # nothing left to flush at close
        try:
            while True:
                out.write(b"\0" * 65536)
                os.fsync(out.fileno())
        except OSError:
            pass
    return filler


async def test_sqlite_on_a_full_disk_is_503_not_ready_and_recovers_when_space_returns(
    small_disk: Path, tmp_path: Path
) -> None:
    settings = make_settings(f"sqlite://{small_disk / 'full.sqlite3'}", tmp_path / "data")
    await prepare_database(settings)
    server = start_server(settings, tmp_path / "uvicorn.log")
    client = httpx.AsyncClient(base_url=server.url, timeout=30)
    try:
        w = await world(client)
        filler = _fill(small_disk)
        ready_full = await client.get("/readyz")
        during = [await book(client, w, clock) for clock in CLOCKS]
        alive = await client.get("/healthz")
        filler.unlink()
        ready_again = await client.get("/readyz")
        refused = [clock for clock, a in zip(CLOCKS, during, strict=True) if a.status == 503]
        after = [await book(client, w, clock) for clock in refused]
        starts = await booked_starts(client)
    finally:
        await client.aclose()
        stop_server(server)

    _no_server_error([*during, *after], server.output())
    assert ready_full.status_code == 503
    assert ready_full.json()["error"]["code"] == "database_unavailable"
    assert ready_full.headers["Retry-After"] == "5"
    assert {a.status for a in during} <= {201, 503}
    assert refused, "no booking met the full disk"
    assert all(a.body["error"]["code"] == "database_unavailable" and a.retry_after == "5"
               for a in during if a.status == 503)
    assert alive.status_code == 200
    assert ready_again.status_code == 200
    assert [a.status for a in after] == [201] * len(refused)
    assert len(starts) == len(CLOCKS) == len(set(starts))
    check = sqlite3.connect(settings.database_url.removeprefix("sqlite://"))
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
