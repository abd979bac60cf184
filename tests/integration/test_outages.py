"""Outages answered as outages (issue 11, points 10 and 13): a database that is locked or
away is a 503 with Retry-After within the time limits, logged in one line; a client that
hangs up is no server error; past the requests in flight a process takes, 503 overloaded."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.environment import make_settings
from tests.integration.builders import (
    OutsideWriter,
    World,
    at,
    lock_the_database,
    login,
    running_app,
)
from visits.app import create_app
from visits.settings import Settings

UNREACHABLE = "postgres://postgres@127.0.0.1:9/none"  # nothing listens on port 9: refused


async def _one_booking(world: World) -> dict[str, Any]:
    """A facility, its host and a delegation; the body of a booking that fits."""
    facility = await world.facility()
    await world.host([facility["id"]], "host@example.kr")
    delegation = await world.delegation()
    return {"delegation_id": delegation["id"],
            "stops": [{"facility_id": facility["id"], "start": at("10:00")}]}


async def test_a_booking_behind_a_locked_database_is_503_database_busy_within_the_lock_timeout(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    quick = make_settings(settings.database_url, tmp_path, DB_LOCK_TIMEOUT_SECONDS="1")
    async with running_app(quick) as world:
        booking = await _one_booking(world)
        writer = OutsideWriter(settings.database_url)
        await lock_the_database(writer)
        try:
            started = time.monotonic()
            refused = await world.client.post("/api/visits", headers=world.officer,
                                              json=booking)
            waited = time.monotonic() - started
            alive = await world.client.get("/healthz")
        finally:
            await writer.commit()
            await writer.close()
        booked = await world.client.post("/api/visits", headers=world.officer,
                                         json=booking)

    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "database_busy"
    assert refused.headers["Retry-After"] == "2"
    assert waited < 1 + 1.5
    assert alive.status_code == 200
    assert booked.status_code == 201, booked.text
    outage_lines = [r for r in caplog.records if r.name == "visits.outages"]
    assert len(outage_lines) == 1 and outage_lines[0].exc_info is None


async def test_an_unreachable_database_is_503_database_unavailable_in_one_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(make_settings(UNREACHABLE, tmp_path))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.post(
                "/api/auth/token", json={"email": "a@example.kr", "password": "x"},
                headers={"Accept-Language": "ko"})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json()["error"] == {
        "code": "database_unavailable",
        "message": "지금은 데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요."}
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].exc_info is None
    assert "ConnectionRefusedError" in lines[0].getMessage()


async def test_a_page_with_the_database_away_is_a_korean_503_page(tmp_path: Path) -> None:
    app = create_app(make_settings(UNREACHABLE, tmp_path))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver",
                                     headers={"Accept": "text/html"}) as client:
            response = await login(client, "a@example.kr", "some-password")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "데이터베이스에 연결할 수 없습니다" in response.text


async def test_a_signed_in_browser_with_the_database_away_gets_the_503_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The session is read before any route runs: its outage is a 503 page too, one line."""
    app = create_app(make_settings(UNREACHABLE, tmp_path))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver",
                                     headers={"Accept": "text/html", "Accept-Language": "ko"},
                                     cookies={"gyeonhak_session": "k" * 43}) as client:
            response = await client.get("/dashboard")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "데이터베이스에 연결할 수 없습니다" in response.text
    assert not [r for r in caplog.records if r.exc_info is not None]


async def test_a_client_that_hangs_up_before_its_body_is_no_server_error(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/api/auth/token", "raw_path": b"",
             "query_string": b"", "root_path": "", "server": ("testserver", 80),
             "client": ("127.0.0.1", 1), "app": app,
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"),
                         (b"content-length", b"40")]}
    with caplog.at_level(logging.INFO):
        await app(scope, receive, send)  # raised ClientDisconnect, logged as a 500, before

    assert sent[0]["status"] != 500
    assert [r.levelno for r in caplog.records if r.name.startswith("visits")] == [logging.INFO]


async def test_requests_past_the_in_flight_limit_are_503_overloaded_at_once(
    settings: Settings, tmp_path: Path
) -> None:
    one_at_a_time = make_settings(settings.database_url, tmp_path, MAX_REQUESTS_IN_FLIGHT="1",
                                  DB_LOCK_TIMEOUT_SECONDS="2")
    async with running_app(one_at_a_time) as world:
        booking = await _one_booking(world)
        writer = OutsideWriter(settings.database_url)
        await lock_the_database(writer)
        try:
            stuck = asyncio.ensure_future(world.client.post(
                "/api/visits", headers=world.officer,
                json=booking))
            await asyncio.sleep(0.2)
            queued = asyncio.ensure_future(world.client.get("/api/facilities",
                                                            headers=world.officer))
            await asyncio.sleep(0.2)
            started = time.monotonic()
            refused = await world.client.get("/api/facilities", headers=world.officer)
            refused_in = time.monotonic() - started
            alive = await world.client.get("/healthz")
            await asyncio.gather(stuck, queued)
        finally:
            await writer.commit()
            await writer.close()

    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "overloaded"
    assert refused.headers["Retry-After"] == "1"
    assert refused_in < 0.5
    assert alive.status_code == 200
