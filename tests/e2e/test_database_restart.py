"""PostgreSQL killed (kill -9) under a stream of bookings and started again, the app left
running (issue 11, point 13): 503 database_unavailable while it is away, bookings again
within two seconds of its return, no 500, and every answered booking kept.

The cluster is a private one (initdb and pg_ctl of the Debian postgresql package, on a free
port, in /tmp), so killing it harms nothing else; it runs whichever database the suite uses."""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.faults import (
    Answer,
    every_visit,
    prepare_database,
    sample_healthz,
    timed,
    world,
)
from tests.e2e.servers import free_port, start_server, stop_server
from tests.environment import make_settings

pytestmark = pytest.mark.slow
DAYS = ["2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12"]
STARTS = [f"{day}T{9 + q // 4:02d}:{q % 4 * 15:02d}:00+09:00" for day in DAYS for q in range(36)]


@dataclass
class Cluster:
    directory: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True,
                       capture_output=True, timeout=60)

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.directory / "data"),
                          "-l", str(self.directory / "log"), "-w", "-o", options, "start")

    def kill(self) -> None:
        """kill -9 the postmaster and every process it started, as a crash would."""
        postmaster = int((self.directory / "data" / "postmaster.pid").read_text().split()[0])
        for pid in [postmaster, *_children(postmaster)]:
            os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.directory / "data"),
                          "-m", "immediate", "stop")


def _children(parent: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(Path(stat).parent.name))
    return found


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]
    directory = Path(tempfile.mkdtemp(prefix="gyeonhak-pg-"))  # postgres may not enter pytest's
    shutil.chown(directory, "postgres", "postgres")
    made = Cluster(directory, free_port(), Path(initdb).parent)
    made._as_postgres(initdb, "-D", str(directory / "data"), "-A", "trust", "-U", "postgres",
                      "--no-sync", "-E", "UTF8")
    made.start()
    try:
        yield made
    finally:
        try:
            made.stop()
        except subprocess.CalledProcessError:
            pass  # already down
        shutil.rmtree(directory, ignore_errors=True)


async def _book_in_a_stream(client: httpx.AsyncClient, w: dict[str, object],
                            until: asyncio.Event) -> list[tuple[float, Answer]]:
    """One booking after another, each at a time of its own: (when answered, answer)."""
    answers = []
    facility, delegation = w["facility"], w["delegation"]
    for start in STARTS:
        if until.is_set():
            break
        answer = await timed(client.post("/api/visits", json={
            "delegation_id": delegation["id"],  # type: ignore[index]
            "stops": [{"facility_id": facility["id"], "start": start,  # type: ignore[index]
                       "duration_min": 15}]}))
        answers.append((time.monotonic(), answer))
        await asyncio.sleep(0.05)
    return answers


async def test_postgres_killed_and_restarted_under_bookings_is_503_then_recovers(
    cluster: Cluster, tmp_path: Path
) -> None:
    settings = make_settings(cluster.url, tmp_path / "data")
    await prepare_database(settings)
    server = start_server(settings, tmp_path / "uvicorn.log")
    client = httpx.AsyncClient(base_url=server.url, timeout=30)
    try:
        w = await world(client)
        done = asyncio.Event()
        stream = asyncio.ensure_future(_book_in_a_stream(client, w, done))
        health = asyncio.ensure_future(sample_healthz(client, done))
        await asyncio.sleep(1.5)
        cluster.kill()
        await asyncio.sleep(3.0)
        await asyncio.to_thread(cluster.start)  # off the loop: the samplers keep their time
        back_at = time.monotonic()
        await asyncio.sleep(3.0)
        done.set()
        answers, healthz = await stream, await health
        kept = {v["id"] for v in await every_visit(client)}
    finally:
        await client.aclose()
        stop_server(server)

    log = server.output()
    statuses = {a.status for _, a in answers}
    assert statuses <= {201, 503}, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    refused = [a for _, a in answers if a.status == 503]
    assert refused, "no booking met the database down"
    assert all(a.body["error"]["code"] in {"database_unavailable", "database_busy"}
               and a.retry_after is not None for a in refused)
    first_back = min(when for when, a in answers if a.status == 201 and when > back_at)
    assert first_back - back_at < 2.0
    assert max(a.seconds for a in healthz) < 1.0
    booked = {a.body["id"] for _, a in answers if a.status == 201}
    assert booked <= kept  # nothing answered 201 was lost
    assert len(kept) <= len(answers)
