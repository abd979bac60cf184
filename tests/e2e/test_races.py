"""Racing requests against a real server (uvicorn, two worker processes, loopback):
the rules of SPEC §3 hold whichever request the database serves first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.e2e.servers import Server, gather_limited
from tests.integration.builders import delegation_body, facility_body, host_body
from visits.models import OutboxMessage, Stop, Visit
from visits.services.accounts import create_user

pytestmark = pytest.mark.slow
START = "2027-03-09T10:00:00+09:00"


async def _arrange(
    server: Server, hosts: int, capacity: int
) -> tuple[httpx.AsyncClient, dict[str, Any]]:
    await create_user("race@example.kr", "officer", "race-password-1")
    client = httpx.AsyncClient(base_url=server.url, timeout=60,
                               limits=httpx.Limits(max_connections=200))
    token = (await client.post("/api/auth/token", json={
        "email": "race@example.kr", "password": "race-password-1"})).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    facility = (await client.post("/api/facilities", json=facility_body(
        capacity=capacity, buffer_min=0))).json()
    host_ids = []
    for i in range(hosts):
        host = (await client.post("/api/hosts", json=host_body(
            [facility["id"]], email=f"host{i}@example.kr"))).json()
        host_ids.append(host["id"])
    delegation = (await client.post("/api/delegations", json=delegation_body(size=5))).json()
    return client, {"facility": facility, "host_ids": host_ids, "delegation": delegation}


def _booking(client: httpx.AsyncClient, world: dict[str, Any], **stop: Any) -> Callable[..., Any]:
    body = {"delegation_id": world["delegation"]["id"],
            "stops": [{"facility_id": world["facility"]["id"], "start": START, **stop}]}
    return lambda: client.post("/api/visits", json=body)


async def test_race_for_one_host_books_exactly_one(
    orm: None, serve: Callable[[int], Server]
) -> None:
    server = serve(2)
    client, world = await _arrange(server, hosts=1, capacity=500)
    try:
        responses = await gather_limited(
            [_booking(client, world, host_id=world["host_ids"][0]) for _ in range(100)]
        )
        visits = (await client.get("/api/visits", params={"limit": 200})).json()["items"]
    finally:
        await client.aclose()

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: 99}, (statuses, server.output()[-3000:])
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"host_busy"}
    assert len(visits) == 1


async def test_race_for_last_seats_books_exactly_as_many_as_fit(
    orm: None, serve: Callable[[int], Server]
) -> None:
    server = serve(2)
    # 10 hosts, so seats and not hosts are what runs out: 20 seats, parties of 5 → 4 fit.
    client, world = await _arrange(server, hosts=10, capacity=20)
    try:
        responses = await gather_limited(
            [_booking(client, world, party_size=5) for _ in range(30)]
        )
        visits = (await client.get("/api/visits", params={"limit": 200})).json()["items"]
    finally:
        await client.aclose()

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 4, 409: 26}, (statuses, server.output()[-3000:])
    assert len(visits) == 4
    assert len({v["stops"][0]["host_id"] for v in visits}) == 4


async def test_race_for_a_weekly_quota_books_exactly_the_quota(
    orm: None, serve: Callable[[int], Server]
) -> None:
    """SPEC §7.5: 30 visits ask for one week of a facility taking 3 a week, on five days and
    ten hosts, so only the quota can run out; two worker processes serve them."""
    server = serve(2)
    client, world = await _arrange(server, hosts=10, capacity=500)
    week = [f"2027-03-{day:02d}T10:00:00+09:00" for day in (8, 9, 10, 11, 12)]
    try:
        capped = await client.patch(f"/api/facilities/{world['facility']['id']}",
                                    json={"max_visits_per_week": 3})
        assert capped.status_code == 200, capped.text
        responses = await gather_limited(
            [lambda i=i: client.post("/api/visits", json={
                "delegation_id": world["delegation"]["id"],
                "stops": [{"facility_id": world["facility"]["id"], "start": week[i % 5]}]})
             for i in range(30)])
    finally:
        await client.aclose()

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 3, 409: 27}, (statuses, server.output()[-3000:])
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "quota_exceeded"}
    assert await Visit.all().count() == 3


async def test_race_between_a_delay_and_bookings_of_the_time_it_needs_lets_one_win(
    orm: None, serve: Callable[[int], Server]
) -> None:
    """A visit at 10:00 runs an hour late while ten bookings ask its host for 11:00: the
    delay and the bookings are decided one after the other, so exactly one of them wins
    and the host is never held twice."""
    server = serve(2)
    client, world = await _arrange(server, hosts=1, capacity=500)
    host = world["host_ids"][0]
    try:
        late = (await _booking(client, world, host_id=host)()).json()
        calls = [lambda: client.post(f"/api/visits/{late['id']}/delay", json={"minutes": 60})]
        calls += [_booking(client, world, host_id=host, start="2027-03-09T11:00:00+09:00")
                  for _ in range(10)]
        responses = await gather_limited(calls)
    finally:
        await client.aclose()

    won = [r for r in responses if r.status_code in (200, 201)]
    assert len(won) == 1, (Counter(r.status_code for r in responses), server.output()[-3000:])
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} <= {
        "host_busy"}
    held = sorted((s.start, s.end) for s in await Stop.filter(
        host_id=host, status__in=("requested", "accepted")))
    assert all(a[1] <= b[0] for a, b in zip(held, held[1:], strict=False)), held


async def test_race_between_accept_and_cancel_leaves_every_stop_cancelled(
    orm: None, serve: Callable[[int], Server]
) -> None:
    server = serve(2)
    client, world = await _arrange(server, hosts=10, capacity=500)
    try:
        visits = [(await _booking(client, world)()).json() for _ in range(10)]
        calls = []
        for visit in visits:
            stop_id = visit["stops"][0]["id"]
            calls.append(lambda s=stop_id: client.post(f"/api/stops/{s}/accept"))
            calls.append(lambda v=visit["id"]: client.post(f"/api/visits/{v}/cancel"))
        responses = await gather_limited(calls)
        final = [(await client.get(f"/api/visits/{v['id']}")).json() for v in visits]
    finally:
        await client.aclose()

    assert all(r.status_code in (200, 409) for r in responses), server.output()[-3000:]
    assert all(v["status"] == "cancelled" for v in final)
    accepts = responses[0::2]
    assert all(r.json()["error"]["code"] == "stop_cancelled"
               for r in accepts if r.status_code == 409)


async def test_racing_publishes_make_one_version_and_mail_the_contact_once(
    orm: None, serve: Callable[[int], Server]
) -> None:
    server = serve(2)
    client, world = await _arrange(server, hosts=1, capacity=500)
    try:
        visit = (await _booking(client, world)()).json()
        first = await client.post(f"/api/visits/{visit['id']}/publish")
        await client.patch(f"/api/visits/{visit['id']}/stops/{visit['stops'][0]['id']}",
                           json={"start": "2027-03-09T14:00:00+09:00"})
        responses = await gather_limited(
            [lambda: client.post(f"/api/visits/{visit['id']}/publish") for _ in range(20)])
        versions = (await client.get(f"/api/visits/{visit['id']}/versions")).json()
    finally:
        await client.aclose()

    assert first.status_code == 201, first.text
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: 19}, (statuses, server.output()[-3000:])
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "nothing_to_publish"}
    assert [(v["version"], [c["kind"] for c in v["changes"]]) for v in versions] == [
        (1, ["added"]), (2, ["moved"])]
    mails = await OutboxMessage.filter(visit_id=visit["id"], stop_id=None).count()
    assert mails == 2  # one per version, never two for one


async def _hold_write_lock(settings_url: str, facility_id: int) -> Callable[[], Any]:
    """Take, from outside the app, the lock a booking of this facility needs; returns release."""
    if settings_url.startswith("sqlite://"):
        import sqlite3

        conn = sqlite3.connect(settings_url.removeprefix("sqlite://").split("?")[0],
                               isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")

        async def release_sqlite() -> None:
            conn.execute("COMMIT")
            conn.close()

        return release_sqlite
    import asyncpg

    pg = await asyncpg.connect(settings_url.replace("postgres://", "postgresql://", 1))
    transaction = pg.transaction()
    await transaction.start()
    await pg.execute("UPDATE facility SET lock_version = lock_version WHERE id = $1", facility_id)

    async def release_pg() -> None:
        await transaction.commit()
        await pg.close()

    return release_pg


async def test_booking_waits_for_a_concurrent_holder_of_the_facility(
    orm: None, serve: Callable[[int], Server], settings: Any
) -> None:
    import asyncio

    server = serve(1)
    client, world = await _arrange(server, hosts=1, capacity=20)
    release = await _hold_write_lock(settings.database_url, world["facility"]["id"])
    try:
        booking = asyncio.ensure_future(_booking(client, world)())
        await asyncio.sleep(1.0)
        waited = not booking.done()
        await release()
        response = await booking
    finally:
        await client.aclose()

    assert waited, "the booking did not wait for the lock: racing bookings could overbook"
    assert response.status_code == 201
