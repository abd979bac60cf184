"""An event plan job belongs to no one process (SPEC §7.8): started on one uvicorn, it is
read and stopped through another on the same database, and when the process running it
is killed, the other says the job failed."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bench.event_plan_memory import arrange_event
from tests.e2e.servers import Server
from tests.processes import alive, descendants
from visits.services.accounts import create_user
from visits.services.event_jobs import STALE_SECONDS

pytestmark = pytest.mark.slow
OFFICER = ("jobs@example.kr", "jobs-password-1")
LIVE = ("queued", "running")


def _token_and_event(server: Server) -> tuple[str, dict[str, Any]]:
    """An officer's token, and 30 delegations wishing 12 one-at-a-time rooms on one day:
    no plan is proven best within the minute, so the job runs until stopped."""
    with httpx.Client(base_url=server.url, timeout=60) as sync:
        token = sync.post("/api/auth/token",
                          json={"email": OFFICER[0], "password": OFFICER[1]}).json()["token"]
        sync.headers["Authorization"] = f"Bearer {token}"
        return token, arrange_event(sync, delegations=30, hosts=2, time_limit_s=60)


async def _two_servers(serve: Callable[[int], Server]
                       ) -> tuple[Server, httpx.AsyncClient, httpx.AsyncClient, str]:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    first, second = serve(1), serve(1)
    token, body = await asyncio.to_thread(_token_and_event, first)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "ko"}
    a = httpx.AsyncClient(base_url=first.url, timeout=60, headers=headers)
    b = httpx.AsyncClient(base_url=second.url, timeout=60, headers=headers)
    started = await a.post("/api/events/jobs", json=body)
    assert started.status_code == 202, started.text
    return first, a, b, started.json()["url"]


async def _until(client: httpx.AsyncClient, url: str, wanted: Callable[[dict[str, Any]], bool],
                 limit_s: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while True:
        job = (await client.get(url)).json()
        if wanted(job):
            return job
        assert time.monotonic() < deadline, job
        await asyncio.sleep(0.2)


async def test_a_job_started_on_one_process_is_watched_and_stopped_through_another(
    orm: None, serve: Callable[[int], Server]
) -> None:
    _, a, b, url = await _two_servers(serve)
    try:
        early = await _until(b, url, lambda j: j["best"] is not None)
        later = await _until(b, url, lambda j: j["elapsed_s"] >= early["elapsed_s"] + 1)
        stopped = await b.post(f"{url}/stop")
        # the planner hears the stop between its steps: a step may take seconds
        on_a = await _until(a, url, lambda j: j["status"] not in LIVE, limit_s=30)
        on_b = (await b.get(url)).json()
    finally:
        await a.aclose()
        await b.aclose()

    assert early["status"] == "running" and later["status"] == "running"
    assert later["best"]["wishes_met"] >= 1 and later["best"]["placed"] >= 1
    assert stopped.status_code == 200 and stopped.json()["status"] in ("running", "stopped")
    assert on_a["status"] == "stopped" and on_b == on_a
    assert on_a["plan"]["stops"] and on_a["plan"]["objective"] >= later["best"]["objective"]
    assert on_a["elapsed_s"] < 60


async def test_a_job_whose_process_was_killed_fails_on_the_other(
    orm: None, serve: Callable[[int], Server]
) -> None:
    first, a, b, url = await _two_servers(serve)
    try:
        await _until(b, url, lambda j: j["status"] == "running")
        planners = [p for p in descendants(first.process.pid) if p != first.process.pid]
        first.process.kill()
        first.process.wait()
        failed = await _until(b, url, lambda j: j["status"] == "failed",
                              limit_s=STALE_SECONDS + 30)
    finally:
        await a.aclose()
        await b.aclose()

    assert failed["error"]["code"] == "event_job_lost"
    assert "앱 프로세스" in failed["error"]["message"]
    assert failed["plan"] is None
    assert planners and not any(alive(p) for p in planners)  # died with their app


async def test_sigterm_ends_the_owners_planner_and_its_job_fails_saying_so(
    orm: None, serve: Callable[[int], Server]
) -> None:
    first, a, b, url = await _two_servers(serve)
    try:
        await _until(b, url, lambda j: j["status"] == "running")
        planners = [p for p in descendants(first.process.pid) if p != first.process.pid]
        first.process.send_signal(signal.SIGTERM)
        first.process.wait(timeout=30)
        failed = await _until(b, url, lambda j: j["status"] not in LIVE, limit_s=10)
    finally:
        await a.aclose()
        await b.aclose()

    assert failed["status"] == "failed", (failed, first.output()[-3000:])  # at once
    assert failed["error"]["code"] == "solver_stopped", (failed, first.output()[-3000:])
    assert planners and not any(alive(p) for p in planners)
