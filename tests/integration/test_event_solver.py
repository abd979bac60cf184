"""Event plans solved in child processes: the wall clock, the memory and the number of
solves at once are enforced, and a failed or killed solve is a 503, never a 500."""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import time
from typing import Any

import httpx
import pytest

from tests.integration.builders import DAY, World, running_app, until
from tests.solver_jobs import sleep
from visits.services.solving import SolverPool, SolverStopped, SolverTimeout
from visits.settings import Settings

KOREAN = {"Accept-Language": "ko"}


def _solvers_alive() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "gyeonhak-solver"]


async def _event(world: World, time_limit_s: float = 5) -> dict[str, Any]:
    office = await world.facility(code="office", buffer_min=0)
    digital = await world.facility(code="digital", lat=37.4851, lon=126.9015, buffer_min=0,
                                   duration_min=45)
    await world.host([office["id"], digital["id"]], "first@example.kr")
    japan = await world.delegation()
    return {"days": [DAY], "time_limit_s": time_limit_s,
            "delegations": [{"delegation_id": japan["id"],
                             "wishes": [office["id"], digital["id"]]}]}


async def _plan(world: World, body: dict[str, Any]) -> httpx.Response:
    return await world.client.post("/api/events/plan", json=body,
                                   headers={**world.officer, **KOREAN})


async def _hard_event(world: World) -> dict[str, Any]:
    """30 delegations wishing 12 one-group-at-a-time rooms on one day: no solve proves
    its plan best in under a second."""
    rooms = [(await world.facility(code=f"room{k}", lat=37.49 + k / 1000))["id"]
             for k in range(12)]
    for k in range(2):
        await world.host(rooms, f"host{k}@example.kr")
    wishes = [{"delegation_id": (await world.delegation())["id"], "wishes": rooms}
              for _ in range(30)]
    return {"days": [DAY], "time_limit_s": 0.01, "delegations": wishes}


async def test_event_plan_past_its_wall_clock_is_killed_and_503(settings: Settings) -> None:
    """No grace: the solver gets at least half a second (planner.MIN_SOLVER_SECONDS), the
    request 0.01 s, so the child is killed mid-solve."""
    strict = dataclasses.replace(settings, solver_grace=0.0)
    async with running_app(strict) as world:
        body = await _hard_event(world)

        response = await _plan(world, body)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "solver_timeout"
    assert "제한 시간" in response.json()["error"]["message"]
    assert int(response.headers["Retry-After"]) >= 1
    assert _solvers_alive() == []


async def test_solver_pool_kills_a_solve_at_its_time_limit_and_grace() -> None:
    pool = SolverPool(processes=1, memory_mb=2048, grace=0.5)

    started = time.monotonic()
    with pytest.raises(SolverTimeout):
        await pool.solve(sleep, {"seconds": 60}, time_limit=0.5)

    assert time.monotonic() - started < 30  # loading the child's modules is not counted
    assert _solvers_alive() == [] and pool.running == 0
    assert await pool.solve(sleep, {"seconds": 0}, time_limit=5) == 0


async def test_event_plans_beyond_solver_processes_are_503_busy(settings: Settings) -> None:
    one = dataclasses.replace(settings, solver_processes=1)
    async with running_app(one) as world:
        body = await _event(world)

        first, second = await asyncio.gather(_plan(world, body), _plan(world, body))

    answers = sorted([first, second], key=lambda r: r.status_code)
    assert [r.status_code for r in answers] == [200, 503]
    busy = answers[1]
    assert busy.json()["error"]["code"] == "solver_busy"
    assert "사용 중" in busy.json()["error"]["message"]
    assert 1 <= int(busy.headers["Retry-After"]) <= 5 + 10


async def test_event_plan_whose_solver_runs_out_of_memory_is_503(settings: Settings) -> None:
    """300 MB is about what the solver's modules map before it starts: the solve fails."""
    starved = dataclasses.replace(settings, solver_memory_mb=300)
    async with running_app(starved) as world:
        body = await _event(world)

        response = await _plan(world, body)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "solver_failed"
    assert "메모리" in response.json()["error"]["message"]
    assert _solvers_alive() == []


async def test_event_plan_within_limits_answers_the_childs_plan(settings: Settings) -> None:
    async with running_app(settings) as world:
        body = await _event(world)

        response = await _plan(world, body)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "OPTIMAL" and len(response.json()["stops"]) == 2
    assert _solvers_alive() == []


async def test_solver_pool_close_kills_running_solves_at_once() -> None:
    pool = SolverPool(processes=2, memory_mb=2048, grace=10)
    solving = asyncio.ensure_future(pool.solve(sleep, {"seconds": 60}, time_limit=60))
    await until(lambda: bool(pool.running and _solvers_alive()), "the solve to start")

    started = time.monotonic()
    pool.close()
    with pytest.raises(SolverStopped):
        await solving

    assert time.monotonic() - started < 5
    assert _solvers_alive() == []
    with pytest.raises(SolverStopped):
        await pool.solve(sleep, {"seconds": 0}, time_limit=1)
