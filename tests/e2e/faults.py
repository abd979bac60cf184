"""Helpers of the fault tests: a small world made over HTTP on a real server, bookings
timed, and /healthz sampled while something breaks underneath."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.contrib.test import truncate_all_models

from tests.integration.builders import at, delegation_body, facility_body, host_body
from visits.cli import run_migrations
from visits.services.accounts import create_user
from visits.settings import Settings

OFFICER = ("faults@example.kr", "faults-password-1")
CLOCKS = [f"{hour:02d}:00" for hour in range(9, 17)]  # eight bookings that all fit


@dataclass
class Answer:
    status: int
    seconds: float
    body: dict[str, Any]
    retry_after: str | None


async def prepare_database(settings: Settings) -> None:
    """A migrated, emptied database, with the officer."""
    # Tortoise caches each model's INSERT by connection name ("default"), not by kind of
    # database: after the SQLite suite, a private PostgreSQL would get SQLite's "?" marks.
    EXECUTOR_CACHE.clear()
    await run_migrations(settings)
    await Tortoise.init(config=settings.tortoise_config())
    try:
        await truncate_all_models()
        await create_user(OFFICER[0], "officer", OFFICER[1])
    finally:
        await Tortoise.close_connections()
        EXECUTOR_CACHE.clear()  # nor may the suite's own database get this one's


async def world(client: httpx.AsyncClient) -> dict[str, Any]:
    """Signs the client in (the officer must exist); one facility, host and delegation."""
    token = (await client.post("/api/auth/token", json={
        "email": OFFICER[0], "password": OFFICER[1]})).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    facility = (await client.post("/api/facilities", json=facility_body(
        capacity=500, buffer_min=0))).json()
    await client.post("/api/hosts", json=host_body([facility["id"]], email="h@example.kr"))
    delegation = (await client.post("/api/delegations", json=delegation_body(size=5))).json()
    return {"facility": facility, "delegation": delegation}


async def timed(call: Any) -> Answer:
    started = time.monotonic()
    response = await call
    body = response.json() if response.headers.get("content-type", "").startswith(
        "application/json") else {}
    return Answer(response.status_code, time.monotonic() - started, body,
                  response.headers.get("retry-after"))


async def book(client: httpx.AsyncClient, w: dict[str, Any], clock: str) -> Answer:
    return await timed(client.post("/api/visits", json={
        "delegation_id": w["delegation"]["id"],
        "stops": [{"facility_id": w["facility"]["id"], "start": at(clock)}]}))


async def slots(client: httpx.AsyncClient, w: dict[str, Any]) -> Answer:
    return await timed(client.get(f"/api/facilities/{w['facility']['id']}/slots", params={
        "from": "2027-03-09", "to": "2027-03-09", "duration": 60, "party_size": 5}))


async def sample_healthz(client: httpx.AsyncClient, until: asyncio.Event) -> list[Answer]:
    samples = []
    while not until.is_set():
        samples.append(await timed(client.get("/healthz")))
        await asyncio.sleep(0.2)
    return samples


async def every_visit(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """Every visit, page after page (SPEC §7.9)."""
    visits: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 200}
    while True:
        page = (await client.get("/api/visits", params=params)).json()
        visits.extend(page["items"])
        if page["next"] is None:
            return visits
        params["cursor"] = page["next"]


async def booked_starts(client: httpx.AsyncClient) -> list[str]:
    visits = await every_visit(client)
    return sorted(stop["start"] for visit in visits for stop in visit["stops"])
