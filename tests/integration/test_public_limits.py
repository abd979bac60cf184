"""The public addresses against a stranger (issue 12, point 2): visit requests and pages by
secret link are rate-limited per client address, counted in the database so that every
app process sees one count (429 with Retry-After); a flood creates nothing but requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import Tortoise

from tests.environment import make_settings
from tests.integration.builders import request_body
from visits.app import create_app
from visits.models import PublicRate
from visits.settings import Settings

STRANGER = ("203.0.113.66", 40000)
OFFICE = ("198.51.100.2", 40001)
# Rows a visit request makes, besides the counters; nothing else may grow.
REQUEST_TABLES = {"visit_request", "tracking_link", "outbox_message", "audit_event",
                  "change_counter", "public_rate"}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path, PUBLIC_REQUESTS_PER_HOUR="3",
                         PUBLIC_VIEWS_PER_MINUTE="3")


def client_of(app: Any, address: tuple[str, int]) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=address)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def two_apps(app: Any, settings: Settings) -> AsyncIterator[list[httpx.AsyncClient]]:
    """The stranger's clients of two app instances on one database (the second shares the
    first's database connections: what they share is the database's count)."""
    other = create_app(settings)
    async with client_of(app, STRANGER) as first, client_of(other, STRANGER) as second:
        yield [first, second]


async def row_counts() -> dict[str, int]:
    models = Tortoise.apps["visits"].values()
    return {m._meta.db_table: await m.all().count() for m in models}


async def test_a_flood_of_requests_meets_429_on_every_process_and_creates_nothing_else(
    app: Any, two_apps: list[httpx.AsyncClient]
) -> None:
    before = await row_counts()

    answers = [await two_apps[i % 2].post("/api/requests", json=request_body())
               for i in range(12)]

    assert [a.status_code for a in answers] == [201] * 3 + [429] * 9
    assert all(a.json()["error"]["code"] == "too_many_requests" for a in answers[3:])
    assert all(1 <= int(a.headers["retry-after"]) <= 3600 for a in answers[3:])
    after = await row_counts()
    grown = {table for table in after if after[table] != before[table]}
    assert grown <= REQUEST_TABLES
    assert after["visit_request"] == 3 and after["app_user"] == before["app_user"] == 0
    assert after["delegation"] == after["visit"] == after["delegation_member"] == 0
    async with client_of(app, OFFICE) as office:
        elsewhere = await office.post("/api/requests", json=request_body())
    assert elsewhere.status_code == 201


async def test_the_wait_is_said_in_the_readers_language(
    two_apps: list[httpx.AsyncClient]
) -> None:
    for _ in range(3):
        await two_apps[0].post("/api/requests", json=request_body())

    refused = await two_apps[1].post("/api/requests", json=request_body(),
                                     headers={"Accept-Language": "ko"})

    assert refused.status_code == 429
    assert "초 뒤에 다시 시도해 주세요" in refused.json()["error"]["message"]


async def test_honeypot_and_refused_requests_count_too(
    two_apps: list[httpx.AsyncClient]
) -> None:
    spam = [await two_apps[0].post("/api/requests", json=request_body(website="x"))
            for _ in range(3)]

    honest = await two_apps[1].post("/api/requests", json=request_body())

    assert [s.status_code for s in spam] == [400] * 3
    assert honest.status_code == 429


async def test_the_count_starts_again_with_the_next_window(
    two_apps: list[httpx.AsyncClient]
) -> None:
    for _ in range(4):
        await two_apps[0].post("/api/requests", json=request_body())

    await PublicRate.all().update(window_start=datetime.now(UTC) - timedelta(hours=2))
    again = await two_apps[1].post("/api/requests", json=request_body())

    assert again.status_code == 201
    assert await PublicRate.all().values_list("hits", flat=True) == [1]


async def test_pages_by_secret_link_are_limited_per_address_whatever_the_token(
    app: Any, two_apps: list[httpx.AsyncClient]
) -> None:
    paths = ["/v/guess-1", "/v/guess-2/itinerary.pdf", "/v/guess-3/itinerary.ics",
             "/v/guess-4"]

    answers = [await two_apps[i % 2].get(path) for i, path in enumerate(paths)]

    assert [a.status_code for a in answers] == [404, 404, 404, 429]
    assert 1 <= int(answers[3].headers["retry-after"]) <= 60
    async with client_of(app, OFFICE) as office:
        assert (await office.get("/v/guess-5")).status_code == 404
