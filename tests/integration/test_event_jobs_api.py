"""Event plans as jobs (SPEC §7.8): 202 at once, progress while the planner works, stop
keeps the best plan, and a job whose app process died is said to have failed."""

from __future__ import annotations

import dataclasses
import multiprocessing
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.integration.builders import DAY, World, running_app, until
from visits.models import EventJob
from visits.services.accounts import create_user
from visits.settings import Settings

KOREAN = {"Accept-Language": "ko"}
LIVE = ("queued", "running")


async def _hard_event(world: World, time_limit_s: float = 60) -> dict[str, Any]:
    """30 delegations wishing 12 one-group-at-a-time rooms on one day: the planner cannot
    prove its plan best within a minute, so a job runs until stopped."""
    rooms = [(await world.facility(code=f"room{k}", lat=37.49 + k / 1000))["id"]
             for k in range(12)]
    for k in range(2):
        await world.host(rooms, f"host{k}@example.kr")
    wishes = [{"delegation_id": (await world.delegation())["id"], "wishes": rooms}
              for _ in range(30)]
    return {"days": [DAY], "time_limit_s": time_limit_s, "delegations": wishes}


async def _small_event(world: World) -> dict[str, Any]:
    office = await world.facility(code="office", buffer_min=0)
    await world.host([office["id"]], "first@example.kr")
    japan = await world.delegation()
    return {"days": [DAY], "time_limit_s": 5,
            "delegations": [{"delegation_id": japan["id"], "wishes": [office["id"]]}]}


async def _start(world: World, body: dict[str, Any]) -> httpx.Response:
    return await world.client.post("/api/events/jobs", json=body, headers=world.officer)


async def _job(world: World, url: str) -> dict[str, Any]:
    answer = await world.client.get(url, headers={**world.officer, **KOREAN})
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def test_a_job_answers_202_then_runs_shows_its_best_and_stops_keeping_it(
    settings: Settings,
) -> None:
    async with running_app(settings) as world:
        body = await _hard_event(world)

        started = await _start(world, body)
        assert started.status_code == 202, started.text
        url = started.json()["url"]
        assert url == f"/api/events/jobs/{started.json()['id']}"
        assert started.headers["Location"] == url
        seen: list[dict[str, Any]] = []

        async def has_a_plan() -> bool:
            seen.append(await _job(world, url))
            return seen[-1]["best"] is not None and seen[-1]["elapsed_s"] > 1

        await until(has_a_plan, "the job's first plan")
        asked = await world.client.post(f"{url}/stop", headers=world.officer)
        # the planner hears the stop between its steps (a step may outlast the 5 s the
        # stop waits): the job then says it is still running
        job = await _ended(world, url)
        later = await _job(world, url)

    running = seen[-1]
    assert running["status"] == "running" and running["time_limit_s"] == 60
    assert running["plan"] is None
    assert set(running["best"]) == {"objective", "bound", "gap", "placed", "wishes_met"}
    assert running["best"]["placed"] >= 1 and running["best"]["wishes_met"] >= 1
    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] in ("running", "stopped")
    assert job["status"] == "stopped"
    assert job["elapsed_s"] < 60  # ended by the stop, not the limit
    plan = job["plan"]
    assert plan["stops"] and plan["visits"]
    assert plan["objective"] >= running["best"]["objective"]  # the best kept, not lost
    assert job["best"]["wishes_met"] == 30 * 12 - len(plan["unmet"])
    assert later == job  # and so it stays


async def test_a_small_job_is_done_with_the_answer_of_the_plan_endpoint(
    settings: Settings,
) -> None:
    async with running_app(settings) as world:
        body = await _small_event(world)
        url = (await _start(world, body)).json()["url"]

        async def finished() -> bool:
            return (await _job(world, url))["status"] not in LIVE

        await until(finished, "the job's end")
        job = await _job(world, url)
        direct = await world.client.post("/api/events/plan", json=body, headers=world.officer)

    assert job["status"] == "done", job
    assert job["best"]["placed"] == 1 and job["best"]["wishes_met"] == 1
    assert job["best"]["gap"] == 0 and job["plan"]["unmet"] == []
    same = {"status", "objective", "bound", "gap", "stops", "lunches", "unmet", "visits"}
    assert {k: job["plan"][k] for k in same} == {k: direct.json()[k] for k in same}
    assert job["error"] is None


async def test_bad_bodies_unknown_jobs_and_hosts_are_refused_in_the_contract_shape(
    settings: Settings,
) -> None:
    async with running_app(settings) as world:
        body = await _small_event(world)
        await create_user("host@example.kr", "host", "host-password-1")
        signed = await world.client.post("/api/auth/token", json={
            "email": "host@example.kr", "password": "host-password-1"})
        host = {"Authorization": f"Bearer {signed.json()['token']}"}

        no_days = await _start(world, {**body, "days": []})
        unknown = await _start(world, {**body, "delegations": [
            {"delegation_id": 999999, "wishes": body["delegations"][0]["wishes"]}]})
        too_long = await _start(world, {**body, "time_limit_s": 121})
        not_json = await world.client.post("/api/events/jobs", content=b"{", headers={
            **world.officer, "Content-Type": "application/json"})
        missing = await world.client.get("/api/events/jobs/" + "0" * 32,
                                         headers={**world.officer, **KOREAN})
        missing_stop = await world.client.post("/api/events/jobs/nope/stop",
                                               headers=world.officer)
        by_host = await world.client.post("/api/events/jobs", json=body, headers=host)
        anonymous = await world.client.get("/api/events/jobs/" + "0" * 32)
        made = await EventJob.all().count()

    for answer, status in ((no_days, 422), (unknown, 422), (too_long, 422), (not_json, 400),
                           (missing, 404), (missing_stop, 404), (by_host, 403),
                           (anonymous, 401)):
        assert answer.status_code == status, answer.text
        assert set(answer.json()["error"]) >= {"code", "message"}, answer.text
    assert "작업이 없습니다" in missing.json()["error"]["message"]
    assert made == 0  # a refused request leaves no job behind


async def test_jobs_past_the_limit_get_503_with_retry_after(settings: Settings) -> None:
    async with running_app(dataclasses.replace(settings, event_jobs=1)) as world:
        body = await _hard_event(world, time_limit_s=30)
        first = await _start(world, body)
        second = await _start(world, body)
        await world.client.post(f"{first.json()['url']}/stop", headers=world.officer)

        async def first_ended() -> bool:
            return (await _job(world, first.json()["url"]))["status"] not in LIVE

        await until(first_ended, "the first job's end")
        third = await _start(world, body)
        await world.client.post(f"{third.json()['url']}/stop", headers=world.officer)

    assert first.status_code == 202
    assert second.status_code == 503, second.text
    assert second.json()["error"]["code"] == "event_jobs_busy"
    assert 1 <= int(second.headers["Retry-After"]) <= 30
    assert third.status_code == 202, third.text  # the stopped job freed its place


async def test_a_job_whose_process_stopped_writing_is_failed_by_its_reader(
    settings: Settings,
) -> None:
    async with running_app(settings) as world:
        body = await _small_event(world)
        await EventJob.create(
            id="a" * 32, status="running", request=body, time_limit_s=5, slot=7,
            owner="gone:1:0", started_at=datetime.now(UTC) - timedelta(minutes=1),
            heartbeat_at=datetime.now(UTC) - timedelta(minutes=1))

        job = await _job(world, "/api/events/jobs/" + "a" * 32)
        stop = await world.client.post("/api/events/jobs/" + "a" * 32 + "/stop",
                                       headers=world.officer)
        freed = await EventJob.get(id="a" * 32)

    assert job["status"] == "failed" and job["plan"] is None
    assert job["error"]["code"] == "event_job_lost"
    assert "다시 계획" in job["error"]["message"]
    assert stop.status_code == 200 and stop.json()["status"] == "failed"
    assert freed.slot is None


async def _ended(world: World, url: str) -> dict[str, Any]:
    async def ended() -> bool:
        return (await _job(world, url))["status"] not in LIVE

    await until(ended, "the job's end")
    return await _job(world, url)


def _planners_alive() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "gyeonhak-event-job"]


async def test_a_job_whose_planner_runs_out_of_memory_fails_saying_so(
    settings: Settings,
) -> None:
    """300 MB is about what the planner's modules map before it starts: the solve fails."""
    async with running_app(dataclasses.replace(settings, solver_memory_mb=300)) as world:
        body = await _small_event(world)
        url = (await _start(world, body)).json()["url"]
        job = await _ended(world, url)

    assert job["status"] == "failed" and job["plan"] is None
    assert job["error"]["code"] == "solver_failed"
    assert "메모리" in job["error"]["message"]
    assert _planners_alive() == []


async def test_a_job_past_its_time_limit_and_grace_is_killed_and_fails(
    settings: Settings,
) -> None:
    """No grace: the solver gets at least half a second, the job 0.01 s."""
    async with running_app(dataclasses.replace(settings, solver_grace=0.0)) as world:
        body = await _hard_event(world, time_limit_s=0.01)
        url = (await _start(world, body)).json()["url"]
        job = await _ended(world, url)

    assert job["status"] == "failed" and job["plan"] is None
    assert job["error"]["code"] == "solver_timeout"
    assert "제한 시간" in job["error"]["message"]
    assert _planners_alive() == []
