"""Probes of the database for /healthz (last known, never awaited) and /readyz (can write)."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tortoise import connections

from visits.database.failures import Failure, database_failure

log = logging.getLogger("visits.database")

# Below this much free space where the SQLite file lives, writes are about to fail: a write
# that fits in pages SQLite already has would still pass a probe.
MIN_FREE_BYTES = 1024 * 1024
# The most a /healthz probe may take in the background before it counts as unavailable.
PROBE_SECONDS = 10.0

WRITE_PROBES = {
    # Takes the write lock and gives it back: fails while another writer holds it.
    "sqlite": "BEGIN IMMEDIATE; ROLLBACK;",
    # A transaction id is what a write needs: fails on a read-only or recovering server.
    "postgres": "BEGIN; SELECT pg_current_xact_id(); ROLLBACK;",
}

WriteBlock = Literal["busy", "unavailable", "disk_full"]


async def _probe(sql: str) -> Failure | None:
    try:
        await connections.get("default").execute_script(sql)
    except Exception as exc:  # noqa: BLE001 - classified; a bug in the probe still raises
        failure = database_failure(exc)
        if failure is None:
            raise
        return failure[0]
    return None


def disk_is_full(database_path: str) -> bool:
    """Is the file system of a SQLite database (nearly) out of space?"""
    stats = os.statvfs(Path(database_path).resolve().parent)
    return stats.f_bavail * stats.f_frsize < MIN_FREE_BYTES


async def can_write(sqlite_path: str | None) -> WriteBlock | None:
    """None when a write would be taken now; else what stops it: busy, unavailable or
    disk_full. `sqlite_path` is the SQLite file, None on PostgreSQL."""
    if sqlite_path is not None and sqlite_path != ":memory:" and disk_is_full(sqlite_path):
        return "disk_full"
    return await _probe(WRITE_PROBES["sqlite" if sqlite_path is not None else "postgres"])


@dataclass
class LastKnown:
    """The database's state as last seen by a background probe, for answers that may not
    wait for it. A stale state starts a new probe; only one runs at a time."""

    max_age: float = 1.0
    state: Failure | None = None
    checked_at: float = field(default_factory=time.monotonic)
    _probe: asyncio.Task[None] | None = None

    def current(self) -> Failure | None:
        stale = time.monotonic() - self.checked_at > self.max_age
        if stale and (self._probe is None or self._probe.done()):
            self._probe = asyncio.create_task(self._refresh())
        return self.state

    async def _refresh(self) -> None:
        try:
            self.state = await asyncio.wait_for(_probe("SELECT 1"), PROBE_SECONDS)
        except Exception:  # noqa: BLE001 - a probe that cannot say "ok" says unavailable
            log.warning("database probe failed", exc_info=True)
            self.state = "unavailable"
        self.checked_at = time.monotonic()
