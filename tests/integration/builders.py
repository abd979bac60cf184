"""Builders for HTTP tests: request bodies, a small world of facilities, hosts and
delegations made through the API, signing in (API and pages), an app on settings of a
test's own, and a second database client writing past the app."""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import holidays as holiday_tables
import httpx
from tortoise.contrib.test import truncate_all_models

from visits.app import create_app
from visits.services.accounts import create_user
from visits.settings import ROOT, Settings

OFFICER = ("officer@example.kr", "officer-password-1")
HOST = ("host@example.kr", "host-password-1")


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    response = await client.post("/api/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    page = await client.get("/login")
    return await client.post("/login", data={"email": email, "password": password,
                                             "csrf_token": csrf_of(page.text)})


def facility_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "cctv",
        "kind": "control_center",
        "name": {"ko": "통합관제센터", "en": "Integrated Control Center", "ja": "統合管制センター"},
        "description": {"ko": "구로구 CCTV 통합관제센터", "en": "CCTV monitoring for Guro-gu"},
        "address": {"ko": "서울 구로구 가마산로 245", "en": "245 Gamasan-ro, Guro-gu, Seoul"},
        "lat": 37.4954,
        "lon": 126.8874,
        "capacity": 20,
        "duration_min": 60,
        "buffer_min": 15,
    }
    body.update(overrides)
    return body


def host_body(facility_ids: list[int], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": {"ko": "김민수", "en": "Kim Minsu"},
        "email": HOST[0],
        "phone": "02-860-2000",
        "facility_ids": facility_ids,
        "languages": ["ko", "en"],
        "weekly": [{"weekday": d, "start": "09:00", "end": "18:00"} for d in range(5)],
        "time_off": [],
    }
    body.update(overrides)
    return body


def delegation_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": {"ko": "시즈오카시 대표단", "en": "Shizuoka City delegation", "ja": "静岡市代表団"},
        "country": "JP",
        "city": "Shizuoka",
        "language": "ja",
        "size": 12,
        "contact": {"name": "佐藤花子", "email": "sato@city.example.jp"},
        "members": [
            {"name": "田中一郎", "title": "市長", "head": True},
            {"name": "佐藤花子", "title": "情報政策課長", "head": False},
        ],
        "notes": "Interested in the CCTV control center.",
    }
    body.update(overrides)
    return body


def request_body(**overrides: Any) -> dict[str, Any]:
    """A visit request as a Japanese city's contact sends it (SPEC §7.2), for DAY."""
    body: dict[str, Any] = {
        "organisation": {"ja": "静岡市役所", "en": "Shizuoka City Hall"},
        "country": "JP",
        "city": "Shizuoka",
        "language": "ja",
        "size": 12,
        "contact": {"name": "佐藤花子", "email": "sato@city.example.jp",
                    "phone": "+81 54-221-1111"},
        "members": [
            {"family_name": "Sato", "given_name": "Hanako", "native_name": "佐藤花子",
             "title": "情報政策課長", "role": "member", "rank": 2, "languages": ["ja", "en"]},
            {"family_name": "Tanaka", "given_name": "Ichiro", "native_name": "田中一郎",
             "title": "市長", "role": "head", "rank": 1, "languages": ["ja"],
             "diet": "no pork", "access": "wheelchair"},
            {"family_name": "Suzuki", "given_name": "Ken", "title": "通訳",
             "role": "interpreter", "languages": ["ja", "ko"]},
        ],
        "dates": [DAY],
        "interests": ["control_center"],
        "interpreter_needed": True,
        "notes": "CCTV center, please.",
    }
    body.update(overrides)
    return body


def bare_members(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Members as SPEC §5 shows them (`name`, `title`, `head`), from the full record."""
    return [{key: m[key] for key in ("name", "title", "head")} for m in members]


# Tuesday 9 March 2027: a working day for every facility and host built here (weekdays
# 09:00-18:00), no Korean public holiday, and in the future, so minimum notice never
# refuses it. Tests that need another working day take one of the same fortnight.
DAY = "2027-03-09"


async def run_cli(settings: Settings, *args: str) -> tuple[int, str]:
    """`python -m visits …` as an operator runs it, on the test database: (status, output)."""
    env = {**os.environ, "DATABASE_URL": settings.database_url,
           "DATA_DIR": str(settings.data_dir), "SECRET_KEY": "test-secret-key-not-for-production"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "visits", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), 300)
    return process.returncode or 0, output.decode()


def working_days(count: int, first: date = date(2027, 3, 9)) -> list[str]:
    """`count` working days from `first` (default DAY): weekdays, Korean holidays skipped."""
    closed = holiday_tables.KR(years=range(first.year, first.year + 2))
    days: list[str] = []
    day = first
    while len(days) < count:
        if day.weekday() < 5 and day not in closed:
            days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def at(clock: str, day: str = DAY) -> str:
    return f"{day}T{clock}:00+09:00"


async def until(condition: Callable[[], bool | Awaitable[bool]], what: str,
                limit_s: float = 60) -> None:
    """Wait for something the app does on its own (a background loop); fail naming `what`
    if it has not happened within a generous limit. Nothing is asserted about the time."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + limit_s
    while not await _value(condition()):
        assert loop.time() < give_up, f"never happened: {what}"
        await asyncio.sleep(0.1)


async def _value(outcome: bool | Awaitable[bool]) -> bool:
    return await outcome if inspect.isawaitable(outcome) else outcome


@asynccontextmanager
async def running_app(settings: Settings,
                      base_url: str = "http://testserver") -> AsyncIterator[World]:
    """The app on `settings`, started as a server starts it (its lifespan: database, render
    pool, mail sender), on an emptied database, with an officer signed in: for tests whose
    settings differ from the `app` fixture's."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await truncate_all_models()
        await create_user(OFFICER[0], "officer", OFFICER[1])
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as c:
            yield World(c, await sign_in(c, *OFFICER))


class World:
    def __init__(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        self.client, self.officer = client, officer

    async def post(self, path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        response = await self.client.post(path, json=body, headers=self.officer)
        assert response.status_code == status, response.text
        return response.json()  # type: ignore[no-any-return]

    async def facility(self, **overrides: Any) -> dict[str, Any]:
        return await self.post("/api/facilities", facility_body(**overrides))

    async def host(self, facility_ids: list[int], email: str, **overrides: Any) -> dict[str, Any]:
        return await self.post("/api/hosts", host_body(facility_ids, email=email, **overrides))

    async def delegation(self, size: int = 12, **overrides: Any) -> dict[str, Any]:
        return await self.post("/api/delegations", delegation_body(size=size, **overrides))

    async def book(self, delegation: dict[str, Any], *stops: dict[str, Any],
                   status: int = 201) -> dict[str, Any]:
        return await self.post(
            "/api/visits", {"delegation_id": delegation["id"], "stops": list(stops)}, status
        )

    async def slots(self, facility: dict[str, Any], **query: Any) -> list[dict[str, Any]]:
        params = {"from": DAY, "to": DAY, "duration": 60, "party_size": 12, **query}
        response = await self.client.get(
            f"/api/facilities/{facility['id']}/slots", params=params, headers=self.officer
        )
        assert response.status_code == 200, response.text
        return response.json()["slots"]  # type: ignore[no-any-return]


class OutsideWriter:
    """Another client of the test database, beside the app: a transaction of its own that
    stays open until `commit`, so the app meets a change it cannot see yet and has not
    locked against (what a second app process, or a hand-made UPDATE, would do)."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.postgres = database_url.startswith(("postgres://", "postgresql://"))
        self._pg: Any = None
        self._sqlite: sqlite3.Connection | None = None

    async def begin(self) -> None:
        if self.postgres:
            self._pg = await asyncpg.connect(self.url.replace("postgres://", "postgresql://", 1))
            await self._pg.execute("BEGIN")
        else:
            path = self.url.removeprefix("sqlite://").split("?")[0]
            self._sqlite = sqlite3.connect(path, isolation_level=None)
            self._sqlite.execute("BEGIN IMMEDIATE")  # SQLite's one write lock, held to commit

    async def move_stop(self, stop_id: int, start: str, minutes: int, buffer_min: int) -> None:
        """Move a stop without the app's locks or rules (`start` as `at` gives it)."""
        first = datetime.fromisoformat(start)
        last = first + timedelta(minutes=minutes)
        occupied = last + timedelta(minutes=buffer_min)
        if self._pg is not None:
            await self._pg.execute(
                'UPDATE stop SET start = $1, "end" = $2, occupied_until = $3 WHERE id = $4',
                first, last, occupied, stop_id)
        else:
            assert self._sqlite is not None
            stored = [str(t.astimezone(UTC)) for t in (first, last, occupied)]  # Tortoise's form
            self._sqlite.execute(
                'UPDATE stop SET start = ?, "end" = ?, occupied_until = ? WHERE id = ?',
                (*stored, stop_id))

    async def lock_facility(self, facility_id: int) -> None:
        """PostgreSQL: hold the facility row's lock, the first a booking takes (SQLite's
        BEGIN IMMEDIATE holds every row)."""
        if self._pg is not None:
            await self._pg.execute("SELECT id FROM facility WHERE id = $1 FOR UPDATE",
                                   facility_id)

    async def sessions_waiting_for_me(self) -> int:
        """PostgreSQL: how many other sessions wait for this transaction to end."""
        assert self._pg is not None
        return int(await self._pg.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"))

    async def until_someone_waits(self, other: asyncio.Future[Any], limit_s: float = 30) -> None:
        """PostgreSQL: return once another session waits for this transaction; fail if
        `other` (the request expected to wait) ends first, or nobody waits within the limit."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + limit_s
        while not await self.sessions_waiting_for_me():
            if other.done():
                raise AssertionError(f"it did not wait for the outside write: {other.result()}")
            assert loop.time() < give_up, "nobody waited for the outside write"
            await asyncio.sleep(0.02)

    async def commit(self) -> None:
        if self._pg is not None:
            await self._pg.execute("COMMIT")
        elif self._sqlite is not None:
            self._sqlite.execute("COMMIT")

    async def close(self) -> None:
        if self._pg is not None:
            await self._pg.close()
        if self._sqlite is not None:
            self._sqlite.close()


async def lock_the_database(writer: OutsideWriter) -> None:
    """Hold what a booking must write: SQLite's one write lock (taken by `begin`), or on
    PostgreSQL the `stop` table, locked against reads and writes alike."""
    await writer.begin()
    if writer.postgres:
        await writer._pg.execute("LOCK TABLE stop IN ACCESS EXCLUSIVE MODE")

