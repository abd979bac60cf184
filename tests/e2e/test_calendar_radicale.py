"""A host's calendar in a real CalDAV server (Radicale on 127.0.0.1): the issue 17 "done
when". A weekly Wednesday 10:00 meeting with one occurrence moved and one cancelled removes
exactly those slots, a booking over it is refused naming the host, and moving the meeting
in Radicale frees the slot once the calendar is refreshed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.calendar_servers import weekly_meeting
from tests.e2e.test_radicale import USER, Radicale, make_calendar, put
from tests.e2e.test_radicale import radicale as radicale  # the module's server, a fixture
from tests.environment import make_settings
from tests.integration.builders import World, running_app

WEDNESDAY = "2027-03-10"


@pytest.fixture
async def world(database_url: str, tmp_path: Path) -> AsyncIterator[World]:
    settings = make_settings(database_url, tmp_path, CALENDAR_HORIZON_DAYS="400")
    async with running_app(settings) as world:
        yield world


async def slot_starts(world: World, facility: dict[str, Any], day: str) -> set[str]:
    return {s["start"][11:16] for s in await world.slots(facility, **{"from": day, "to": day})}


async def test_a_meeting_in_radicale_blocks_its_slots_until_it_moves(
        radicale: Radicale, world: World) -> None:
    with httpx.Client(base_url=radicale.url, auth=(USER, "unused"), timeout=10) as dav:
        collection = make_calendar(dav, "kim-minsu")
        href = collection + "council.ics"
        assert put(dav, href, weekly_meeting()).status_code == 201
        facility = await world.facility()
        host = await world.host([facility["id"]], "host@example.kr")
        path = f"/api/hosts/{host['id']}/calendars"
        linked = await world.client.put(path, headers=world.officer, json=[{
            "kind": "caldav", "url": radicale.url + collection, "username": USER,
            "password": "app-password-1"}])
        assert linked.status_code == 200, linked.text
        [calendar] = (await world.client.post(path + "/refresh", headers=world.officer)).json()
        assert calendar["status"] == "ok", calendar

        assert not await slot_starts(world, facility, WEDNESDAY) & {"09:15", "10:00", "10:45"}
        assert "10:00" not in await slot_starts(world, facility, "2027-03-31")
        assert "10:00" in await slot_starts(world, facility, "2027-03-17")  # moved to 14:00
        assert "14:00" not in await slot_starts(world, facility, "2027-03-17")
        assert "10:00" in await slot_starts(world, facility, "2027-03-24")  # cancelled
        delegation = await world.delegation()
        refused = await world.client.post(
            "/api/visits", headers={**world.officer, "Accept-Language": "ko"},
            json={"delegation_id": delegation["id"], "stops": [
                {"facility_id": facility["id"], "host_id": host["id"],
                 "start": f"{WEDNESDAY}T10:00:00+09:00"}]})
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["code"] == "host_busy_elsewhere"
        assert "김민수" in refused.json()["error"]["message"]

        assert put(dav, href, weekly_meeting(hour=15)).status_code in (201, 204)
        assert "10:00" not in await slot_starts(world, facility, WEDNESDAY)  # not read yet
        [calendar] = (await world.client.post(path + "/refresh", headers=world.officer)).json()

    assert calendar["status"] == "ok"
    wednesday = await slot_starts(world, facility, WEDNESDAY)
    assert "10:00" in wednesday and not wednesday & {"14:15", "15:00", "15:45"}
    booked = await world.client.post("/api/visits", headers=world.officer, json={
        "delegation_id": delegation["id"], "stops": [
            {"facility_id": facility["id"], "host_id": host["id"],
             "start": f"{WEDNESDAY}T10:00:00+09:00"}]})
    assert booked.status_code == 201, booked.text


async def test_a_wrong_password_is_said_in_korean(radicale: Radicale, world: World) -> None:
    facility = await world.facility()
    host = await world.host([facility["id"]], "host@example.kr")
    path = f"/api/hosts/{host['id']}/calendars"
    await world.client.put(path, headers=world.officer, json=[{
        "kind": "caldav", "url": radicale.url + f"/{USER}/nothing-here/", "username": USER,
        "password": "x"}])
    answer = await world.client.post(path + "/refresh",
                                     headers={**world.officer, "Accept-Language": "ko"})
    [calendar] = answer.json()
    assert calendar["status"] == "error" and calendar["error"]
    assert calendar["error_code"].startswith(("http_status", "unauthorised", "malformed"))
