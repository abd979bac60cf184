"""What stops a double booking that the booking's own locks and rules did not see.

On PostgreSQL an exclusion constraint (migration 0002) refuses two live stops of one host
whose occupied times overlap, whoever writes them; the booking services turn that refusal
into 409 `host_busy`. SQLite has no such constraint: a writer there holds the database's
one write lock until it commits, so a booking always reads what it would collide with.
Each test states what holds on the database the suite runs on.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError

from tests.integration.builders import HOST, OutsideWriter, World, at
from visits.models import OutboxMessage, Stop, Visit
from visits.settings import Settings

BUFFER = 15  # facility_body's buffer_min


async def _booked(world: World, start: str = "10:00") -> dict[str, Any]:
    """A facility, its one host, and a visit of one stop there at `start` (60 min)."""
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at(start)})
    return {"facility": cctv, "host": host, "visit": visit, "stop": visit["stops"][0]}


async def _stop_row(w: dict[str, Any], start: str, status: str) -> Stop:
    """A stop of the same host written straight through the ORM: no lock, no rule."""
    other = await Visit.create(delegation_id=(await Visit.get(id=w["visit"]["id"])).delegation_id)
    first = datetime.fromisoformat(at(start))
    return await Stop.create(
        visit=other, position=0, facility_id=w["facility"]["id"], host_id=w["host"]["id"],
        start=first, end=first + timedelta(hours=1),
        occupied_until=first + timedelta(minutes=60 + BUFFER), party_size=3, status=status,
    )


async def _live_stops_of_host(host_id: int) -> int:
    return await Stop.filter(host_id=host_id, status__in=("requested", "accepted")).count()


async def test_overlapping_live_stop_written_past_the_app_is_refused_by_postgresql(
    world: World, settings: Settings
) -> None:
    w = await _booked(world)

    if settings.is_postgres:
        with pytest.raises(IntegrityError):
            await _stop_row(w, "10:30", "requested")
        assert await _live_stops_of_host(w["host"]["id"]) == 1
    else:  # no constraint: the row goes in, and only the booking's rules guard the host
        await _stop_row(w, "10:30", "requested")
        assert await _live_stops_of_host(w["host"]["id"]) == 2


async def test_stop_starting_inside_the_buffer_is_refused_by_postgresql_too(
    world: World, settings: Settings
) -> None:
    """The constraint covers the occupied time (end plus buffer), not only the visit."""
    w = await _booked(world)  # 10:00-11:00, occupied until 11:15

    if settings.is_postgres:
        with pytest.raises(IntegrityError):
            await _stop_row(w, "11:10", "accepted")
    await _stop_row(w, "11:15", "accepted")  # from the end of the buffer: fine everywhere

    assert await _live_stops_of_host(w["host"]["id"]) == 2


@pytest.mark.parametrize("status", ["declined", "cancelled"])
async def test_overlapping_stop_that_is_not_live_is_accepted(
    world: World, settings: Settings, status: str
) -> None:
    w = await _booked(world)

    row = await _stop_row(w, "10:30", status)

    assert await Stop.filter(id=row.id, status=status).exists()
    if settings.is_postgres:  # made live again, it collides
        with pytest.raises(IntegrityError):
            await Stop.filter(id=row.id).update(status="requested")
        assert (await Stop.get(id=row.id)).status == status


async def _meet_uncommitted_move(
    settings: Settings, stop_id: int, start: str, request: Any
) -> Any:
    """Move `stop_id` to `start` in an outside transaction, send `request` meanwhile, and
    commit once the request waits for it (PostgreSQL: the insert or update of the stop,
    past the rules, waits on the constraint); returns the response."""
    writer = OutsideWriter(settings.database_url)
    await writer.begin()
    try:
        await writer.move_stop(stop_id, at(start), 60, BUFFER)
        answer = asyncio.ensure_future(request())
        if settings.is_postgres:
            await writer.until_someone_waits(answer)
        await writer.commit()
        return await answer
    finally:
        await writer.close()


async def test_booking_colliding_with_a_concurrent_write_is_409_and_books_nothing(
    world: World, settings: Settings
) -> None:
    w = await _booked(world, "14:00")
    delegation = await world.delegation()
    mails = await OutboxMessage.all().count()
    body = {"delegation_id": delegation["id"],
            "stops": [{"facility_id": w["facility"]["id"], "start": at("10:00"),
                       "host_id": w["host"]["id"]}]}

    response = await _meet_uncommitted_move(
        settings, w["stop"]["id"], "10:00",
        lambda: world.client.post("/api/visits", json=body, headers=world.officer))

    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("host_busy", "stops[0]")
    assert [v["id"] for v in await _visits(world)] == [w["visit"]["id"]]
    assert await _live_stops_of_host(w["host"]["id"]) == 1
    assert await OutboxMessage.all().count() == mails


async def test_reschedule_colliding_with_a_concurrent_write_is_409_and_moves_nothing(
    world: World, settings: Settings
) -> None:
    w = await _booked(world, "14:00")
    later = await world.book(await world.delegation(),
                             {"facility_id": w["facility"]["id"], "start": at("16:00")})
    moving = later["stops"][0]
    mails = await OutboxMessage.all().count()

    response = await _meet_uncommitted_move(
        settings, w["stop"]["id"], "10:00",
        lambda: world.client.patch(f"/api/visits/{later['id']}/stops/{moving['id']}",
                                   json={"start": at("10:00")}, headers=world.officer))

    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "host_busy"
    kept = (await world.client.get(f"/api/visits/{later['id']}", headers=world.officer)).json()
    assert kept["stops"][0]["start"] == at("16:00")
    assert kept["stops"][0]["sequence"] == moving["sequence"]
    assert await OutboxMessage.all().count() == mails


async def _visits(world: World) -> list[dict[str, Any]]:
    response = await world.client.get("/api/visits", headers=world.officer)
    assert response.status_code == 200
    return response.json()["items"]  # type: ignore[no-any-return]
