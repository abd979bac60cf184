"""A long event plan on a real server (uvicorn): the server keeps answering while it
solves, and whatever ends the server (kill -9, SIGTERM) ends the solver process too."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.event_plan_memory import arrange_event, descendants
from tests.e2e.servers import Server
from visits.services.accounts import create_user

pytestmark = pytest.mark.slow
OFFICER = ("solver@example.kr", "solver-password-1")


def _alive(pid: int) -> bool:
    """Running, not a zombie left for a parent to reap."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _arrange(server: Server) -> tuple[str, dict[str, Any]]:
    """An officer's token, and 30 delegations wishing 12 one-at-a-time rooms on one day:
    CP-SAT cannot prove its plan best within a minute, so the solve runs its whole limit."""
    with httpx.Client(base_url=server.url, timeout=60) as sync:
        token = sync.post("/api/auth/token",
                          json={"email": OFFICER[0], "password": OFFICER[1]}).json()["token"]
        sync.headers["Authorization"] = f"Bearer {token}"
        return token, arrange_event(sync, delegations=30, hosts=2, time_limit_s=60)


async def _long_solve_started(server: Server) -> tuple[httpx.AsyncClient, asyncio.Task[Any]]:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    token, body = await asyncio.to_thread(_arrange, server)
    client = httpx.AsyncClient(base_url=server.url, timeout=120,
                               headers={"Authorization": f"Bearer {token}"})
    solving = asyncio.create_task(client.post("/api/events/plan", json=body))
    deadline = time.monotonic() + 60
    while len(descendants(server.process.pid)) < 2:  # the solver (and the resource tracker)
        assert time.monotonic() < deadline, server.output()[-3000:]
        await asyncio.sleep(0.1)
    await asyncio.sleep(3)  # into the solve proper, past spawning
    return client, solving


async def _all_gone(pids: list[int], limit_s: float = 10) -> list[int]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        left = [pid for pid in pids if _alive(pid)]
        if not left:
            return []
        await asyncio.sleep(0.1)
    return left


async def test_healthz_answers_within_a_second_while_a_plan_solves(
    orm: None, serve: Callable[[int], Server]
) -> None:
    server = serve(1)
    client, solving = await _long_solve_started(server)
    try:
        waits = []
        for _ in range(5):
            began = time.monotonic()
            response = await client.get("/healthz")
            waits.append(time.monotonic() - began)
            assert response.status_code == 200
            await asyncio.sleep(0.5)
        still_solving = not solving.done()
    finally:
        solving.cancel()
        await client.aclose()

    assert still_solving
    assert max(waits) < 1, waits


async def test_kill_9_of_the_server_ends_its_solver(
    orm: None, serve: Callable[[int], Server]
) -> None:
    server = serve(1)
    client, solving = await _long_solve_started(server)
    children = [pid for pid in descendants(server.process.pid) if pid != server.process.pid]

    server.process.kill()
    server.process.wait()
    left = await _all_gone(children)
    solving.cancel()
    await client.aclose()

    assert children and left == [], (children, left)


async def test_sigterm_ends_the_solve_and_the_server_at_once(
    orm: None, serve: Callable[[int], Server]
) -> None:
    server = serve(1)
    client, solving = await _long_solve_started(server)
    children = [pid for pid in descendants(server.process.pid) if pid != server.process.pid]

    began = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    answer = await solving
    server.process.wait(timeout=30)
    stopped_in = time.monotonic() - began
    left = await _all_gone(children)
    await client.aclose()

    assert answer.status_code == 503, answer.text
    assert answer.json()["error"]["code"] == "solver_stopped"
    assert stopped_in < 15  # not the minute the solve had left
    assert children and left == [], (children, left)
