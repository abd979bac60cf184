"""Latency of /healthz and of a booking with the database free and held by another writer
(issue 11, point 10), in the same run.

Run from the repository root: `python bench/locked_database.py`.
A demo database on SQLite, uvicorn (one worker) on 127.0.0.1, DB_LOCK_TIMEOUT_SECONDS=3.
Free: one-stop bookings one after another, /healthz polled meanwhile. Held: a second sqlite3
connection holds the write lock (BEGIN IMMEDIATE) while the same requests run. Prints
medians, their ratio and the statuses met while held. Before issue 11, /healthz waited
behind the lock (59 s for a minute's hold) and a booking failed 500 after 15 s.
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from time import perf_counter
from zoneinfo import ZoneInfo

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._server import demo_server  # noqa: E402
from visits.demo.data import USERS  # noqa: E402

BOOKINGS = 6


async def timed(call: object) -> tuple[float, int]:
    """(seconds, status); status 0 when the server dropped the connection (as a 500 did)."""
    start = perf_counter()
    try:
        response = await call  # type: ignore[misc]
    except httpx.TransportError:
        return perf_counter() - start, 0
    return perf_counter() - start, response.status_code


def weekdays(count: int) -> list[date]:
    day = datetime.now(ZoneInfo("Asia/Seoul")).date() + timedelta(days=40)
    days: list[date] = []
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


async def measure(client: httpx.AsyncClient, auth: dict[str, str], booking: dict[str, int],
                  days: list[date]) -> tuple[list[float], list[tuple[float, int]]]:
    """Bookings one after another, /healthz polled every 50 ms meanwhile."""
    done = asyncio.Event()

    async def poll() -> list[float]:
        samples = []
        while not done.is_set():
            samples.append((await timed(client.get("/healthz")))[0])
            await asyncio.sleep(0.05)
        return samples

    polling = asyncio.ensure_future(poll())
    bookings = []
    for day in days:
        body = {"delegation_id": booking["delegation"],
                "stops": [{"facility_id": booking["facility"], "start": f"{day}T10:00:00+09:00"}]}
        bookings.append(await timed(client.post("/api/visits", json=body, headers=auth)))
    done.set()
    return await polling, bookings


async def run(url: str, database: str) -> None:
    officer = next(u for u in USERS if u.role == "officer")
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        token = (await client.post("/api/auth/token", json={
            "email": officer.email, "password": officer.password})).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        facility = (await client.get("/api/facilities", headers=auth)).json()[0]["id"]
        delegation = (await client.get("/api/delegations", headers=auth)).json()["items"][0]["id"]
        booking = {"facility": facility, "delegation": delegation}
        days = weekdays(2 * BOOKINGS)
        for _ in range(10):  # a warm connection and a warm database
            await client.get("/healthz")
            await client.get("/api/facilities", headers=auth)
        free_health, free_bookings = await measure(client, auth, booking, days[:BOOKINGS])
        holder = sqlite3.connect(database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            held_health, held_bookings = await measure(client, auth, booking, days[BOOKINGS:])
        finally:
            holder.execute("COMMIT")
            holder.close()
    report("/healthz", free_health, held_health)
    report("booking", [s for s, _ in free_bookings], [s for s, _ in held_bookings])
    print(f"booking statuses, free: {dict(Counter(c for _, c in free_bookings))}, "
          f"held: {dict(Counter(c for _, c in held_bookings))}")


def report(what: str, free: list[float], held: list[float]) -> None:
    free_ms, held_ms = statistics.median(free) * 1000, statistics.median(held) * 1000
    print(f"{what:9} median free {free_ms:8.1f} ms   held {held_ms:8.1f} ms   "
          f"ratio {held_ms / free_ms:6.1f}   max held {max(held) * 1000:8.1f} ms")


def main() -> None:
    with demo_server(extra_env={"DB_LOCK_TIMEOUT_SECONDS": "3"}) as server:
        database = server.env["DATABASE_URL"].removeprefix("sqlite://")
        asyncio.run(run(server.url, database))


if __name__ == "__main__":
    main()
