"""Hosts' own calendars (SPEC §7.7, issue 17): linked by API, read from real servers on
loopback, their busy times refused by every availability answer, hostile ones contained."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.calendar_servers import (
    endless,
    ics_server,
    redirect_to,
    trickle,
    weekly_meeting,
)
from tests.environment import make_settings
from tests.integration.builders import World, running_app
from visits.models import HostBusy, HostCalendar
from visits.services.calendar_reading import read_calendar

WEDNESDAY, MOVED, CANCELLED = "2027-03-10", "2027-03-17", "2027-03-24"


@pytest.fixture
async def world(database_url: str, tmp_path: Path) -> AsyncIterator[World]:
    settings = make_settings(database_url, tmp_path, CALENDAR_HORIZON_DAYS="400",
                             CALENDAR_TIMEOUT_SECONDS="3")
    async with running_app(settings) as world:
        yield world


async def linked_host(world: World, url: str, share_titles: bool = False,
                      ) -> tuple[dict[str, Any], dict[str, Any]]:
    facility = await world.facility()
    host = await world.host([facility["id"]], "host@example.kr")
    answer = await world.client.put(
        f"/api/hosts/{host['id']}/calendars", headers=world.officer,
        json=[{"kind": "ics", "url": url, "share_titles": share_titles}])
    assert answer.status_code == 200, answer.text
    assert answer.json()[0]["status"] == "pending"
    return facility, host


async def refresh(world: World, host: dict[str, Any]) -> list[dict[str, Any]]:
    answer = await world.client.post(f"/api/hosts/{host['id']}/calendars/refresh",
                                     headers={**world.officer, "Accept-Language": "ko"})
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def starts(slots: list[dict[str, Any]]) -> set[str]:
    return {s["start"][11:16] for s in slots}


async def test_a_weekly_meeting_removes_exactly_its_slots(world: World) -> None:
    with ics_server() as server:
        server.body = weekly_meeting()
        facility, host = await linked_host(world, server.url + "/council.ics")
        [calendar] = await refresh(world, host)

    assert calendar["status"] == "ok" and calendar["last_read"] and calendar["error"] is None
    wednesday = starts(await world.slots(facility, **{"from": WEDNESDAY, "to": WEDNESDAY}))
    assert {"09:00", "11:00"} <= wednesday
    assert not wednesday & {"09:15", "09:30", "10:00", "10:45"}
    moved = starts(await world.slots(facility, **{"from": MOVED, "to": MOVED}))
    assert "10:00" in moved and not moved & {"13:15", "14:00", "14:45"}
    assert "10:00" in starts(await world.slots(facility, **{"from": CANCELLED, "to": CANCELLED}))
    assert "10:00" not in starts(await world.slots(facility, **{"from": "2027-03-31",
                                                                "to": "2027-03-31"}))


@pytest.mark.parametrize("share_titles", [False, True])
async def test_a_booking_over_a_busy_time_is_refused_naming_the_host(
        world: World, share_titles: bool) -> None:
    with ics_server() as server:
        server.body = weekly_meeting()
        facility, host = await linked_host(world, server.url + "/c.ics", share_titles)
        await refresh(world, host)
    delegation = await world.delegation()

    answer = await world.client.post(
        "/api/visits", headers={**world.officer, "Accept-Language": "ko"},
        json={"delegation_id": delegation["id"], "stops": [
            {"facility_id": facility["id"], "host_id": host["id"],
             "start": f"{WEDNESDAY}T10:30:00+09:00"}]})

    assert answer.status_code == 409, answer.text
    error = answer.json()["error"]
    assert error["code"] == "host_busy_elsewhere" and error["field"] == "stops[0]"
    assert "김민수" in error["message"] and "10:00" in error["message"]
    assert ("구의회 상임위원회" in error["message"]) is share_titles
    assert await world.client.get("/api/visits", headers=world.officer) is not None


async def test_an_unchanged_calendar_is_not_read_again(world: World) -> None:
    with ics_server() as server:
        server.body = weekly_meeting()
        _, host = await linked_host(world, server.url + "/c.ics")
        await refresh(world, host)
        [calendar] = await HostCalendar.filter(host_id=host["id"])
        await HostCalendar.filter(id=calendar.id).update(next_read_at=None)

        assert await read_calendar(calendar.id, world_settings(world))

    assert server.requests[-1].endswith('"v1"')  # asked If-None-Match, answered 304
    assert await HostBusy.filter(calendar_id=calendar.id).count() > 0


def world_settings(world: World) -> Any:
    transport = world.client._transport  # the ASGI app the world talks to
    return transport.app.state.settings  # type: ignore[attr-defined]


async def test_two_readers_read_a_calendar_once(world: World) -> None:
    with ics_server() as server:
        server.body = weekly_meeting()
        _, host = await linked_host(world, server.url + "/c.ics")
        [calendar] = await HostCalendar.filter(host_id=host["id"])
        settings = world_settings(world)

        outcomes = await asyncio.gather(read_calendar(calendar.id, settings),
                                        read_calendar(calendar.id, settings))

    assert sorted(outcomes) == [False, True]
    assert len(server.requests) == 1


async def test_a_refused_address_receives_no_request(world: World) -> None:
    facility = await world.facility()
    host = await world.host([facility["id"]], "host@example.kr")
    with ics_server("127.0.0.2") as private:
        answer = await world.client.put(
            f"/api/hosts/{host['id']}/calendars",
            headers={**world.officer, "Accept-Language": "ko"},
            json=[{"kind": "ics", "url": private.url + "/x.ics"}])

    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == "calendar_url_refused"
    assert answer.json()["error"]["field"] == "[0].url"
    assert "127.0.0.2" in answer.json()["error"]["message"]
    assert private.requests == []
    assert await HostCalendar.all().count() == 0


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x.ics",
                                 "gopher://127.0.0.1/", "javascript:alert(1)"])
async def test_other_schemes_are_refused(world: World, url: str) -> None:
    facility = await world.facility()
    host = await world.host([facility["id"]], "host@example.kr")
    answer = await world.client.put(f"/api/hosts/{host['id']}/calendars",
                                    headers=world.officer, json=[{"kind": "ics", "url": url}])
    assert answer.status_code == 422, answer.text


async def test_a_redirect_to_a_refused_address_is_not_followed(world: World) -> None:
    with ics_server("127.0.0.2") as private, ics_server() as public:
        public.behaviour = redirect_to(private.url + "/secret.ics")
        _, host = await linked_host(world, public.url + "/c.ics")
        [calendar] = await refresh(world, host)

    assert calendar["status"] == "error" and calendar["error_code"] == "url_refused:127.0.0.2"
    assert "127.0.0.2" in calendar["error"] and "공개" in calendar["error"]
    assert private.requests == []


HOSTILE = {
    "malformed": (b"BEGIN:VCALENDAR\r\nthis is not ical\r\n", "malformed"),
    "many_events": (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\nEND:VEVENT\r\n" * 100_000
                    + b"END:VCALENDAR\r\n", "too_many_events"),
    "unknown_zone": (weekly_meeting().replace(b"TZID=Asia/Seoul:", b"TZID=Mars/Olympus:"),
                     "unknown_timezone:Mars/Olympus"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
async def test_a_hostile_calendar_is_marked_in_error_and_keeps_the_last_busy_times(
        world: World, kind: str) -> None:
    body, code = HOSTILE[kind]
    with ics_server() as server:
        server.body = weekly_meeting()
        facility, host = await linked_host(world, server.url + "/c.ics")
        await refresh(world, host)
        server.body, server.etag = body, '"v2"'
        [calendar] = await refresh(world, host)

    assert calendar["status"] == "error" and calendar["error_code"] == code
    assert calendar["last_read"] is not None and calendar["busy_count"] > 0
    assert "10:00" not in starts(await world.slots(facility, **{"from": WEDNESDAY,
                                                                "to": WEDNESDAY}))


@pytest.mark.parametrize(("behaviour", "code"), [(trickle, "too_slow"), (endless, "too_large")])
async def test_a_slow_or_endless_calendar_never_holds_slots(world: World, behaviour: Any,
                                                            code: str) -> None:
    with ics_server() as server:
        server.behaviour = behaviour
        facility, host = await linked_host(world, server.url + "/c.ics")
        reading = asyncio.create_task(refresh(world, host))
        await asyncio.sleep(0.3)
        slots = await world.slots(facility, **{"from": WEDNESDAY, "to": WEDNESDAY})
        if behaviour is trickle:  # slots answered while the calendar was still trickling
            assert not reading.done()
        [calendar] = await reading

    assert "10:00" in starts(slots)
    assert calendar["status"] == "error" and calendar["error_code"] == code


async def test_an_endless_rrule_is_read_up_to_the_horizon(world: World) -> None:
    daily = weekly_meeting().replace(b"FREQ=WEEKLY;BYDAY=WE", b"FREQ=DAILY")
    with ics_server() as server:
        server.body = daily
        _, host = await linked_host(world, server.url + "/c.ics")
        [calendar] = await refresh(world, host)
    assert calendar["status"] == "ok", calendar
    busy = await HostBusy.filter(host_id=host["id"]).order_by("-end").first()
    assert busy is not None and calendar["busy_count"] > 100
    assert busy.end < datetime.now(UTC) + timedelta(days=401)


async def test_passwords_are_sealed_and_never_returned(world: World) -> None:
    facility = await world.facility()
    host = await world.host([facility["id"]], "host@example.kr")
    answer = await world.client.put(
        f"/api/hosts/{host['id']}/calendars", headers=world.officer,
        json=[{"kind": "caldav", "url": "http://127.0.0.1:9/dav/", "username": "kim",
               "password": "app-password-123"}])

    assert answer.status_code == 200, answer.text
    assert "app-password-123" not in answer.text and "password" not in answer.json()[0]
    [row] = await HostCalendar.all()
    assert row.password_sealed and "app-password-123" not in row.password_sealed
    again = await world.client.get(f"/api/hosts/{host['id']}/calendars", headers=world.officer)
    assert "app-password-123" not in again.text


async def test_another_host_may_not_see_or_link_a_hosts_calendars(world: World) -> None:
    from tests.integration.builders import HOST, sign_in
    from visits.services.accounts import create_user

    facility = await world.facility()
    await world.host([facility["id"]], HOST[0])
    other = await world.host([facility["id"]], "other@example.kr")
    await create_user(HOST[0], "host", HOST[1])
    token = await sign_in(world.client, *HOST)

    path = f"/api/hosts/{other['id']}/calendars"
    assert (await world.client.get(path, headers=token)).status_code == 403
    assert (await world.client.put(path, headers=token, json=[])).status_code == 403


async def test_a_host_links_a_calendar_on_their_page(world: World) -> None:
    from tests.integration.builders import HOST, csrf_of, login
    from visits.services.accounts import create_user

    facility = await world.facility()
    await world.host([facility["id"]], HOST[0])
    await create_user(HOST[0], "host", HOST[1])
    client = world.client
    client.headers.pop("Authorization", None)
    await login(client, *HOST)
    page = await client.get("/calendars")
    assert page.status_code == 200 and "캘린더 연결하기" in page.text

    with ics_server("127.0.0.2") as private:
        refused = await client.post("/calendars", data={
            "csrf_token": csrf_of(page.text), "kind": "ics", "url": private.url + "/c.ics"})
    assert refused.status_code == 422
    assert "공개 인터넷 주소가 아니어서" in refused.text and private.requests == []

    with ics_server() as server:
        server.body = weekly_meeting()
        done = await client.post("/calendars", follow_redirects=True, data={
            "csrf_token": csrf_of(page.text), "kind": "ics", "url": server.url + "/c.ics"})
    assert done.status_code == 200 and "캘린더를 연결했습니다" in done.text
    assert "읽음" in done.text and server.url in done.text


async def test_the_officer_sees_a_hosts_calendar_and_why_it_failed(world: World) -> None:
    from tests.integration.builders import OFFICER, login

    with ics_server() as server:
        server.behaviour = redirect_to("http://127.0.0.2:9/x.ics")
        _, host = await linked_host(world, server.url + "/c.ics")
        await refresh(world, host)
    await HostCalendar.all().update(last_read=None, created_at=datetime.now(UTC)
                                    - timedelta(days=3))
    await login(world.client, *OFFICER)

    page = await world.client.get(f"/hosts/{host['id']}/calendars")
    listing = await world.client.get("/hosts")

    assert page.status_code == 200 and "127.0.0.2" in page.text and "공개" in page.text
    assert "오랫동안 읽지 못한 캘린더" in listing.text and "김민수" in listing.text
