"""The host's pages: the inbox (accept, decline), working hours, time off, calendar feed."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import httpx

from tests import cldr
from tests.integration.builders import HOST, OFFICER, World, at, csrf_of, login
from visits.pages import host as host_pages
from visits.services.accounts import create_user


async def _arrange(world: World, client: httpx.AsyncClient) -> dict[str, Any]:
    """The signed-in host (Kim Minsu) at the CCTV centre, another host at the kiosk, and a
    Japanese delegation with one stop requested of each."""
    cctv = await world.facility()
    kiosk = await world.facility(code="kiosk", kind="kiosk", duration_min=30, buffer_min=0,
                                 name={"ko": "무인민원발급기", "en": "Civil document kiosk"})
    mine = await world.host([cctv["id"]], HOST[0])
    other = await world.host([kiosk["id"]], "kiosk.host@example.kr",
                             name={"ko": "이서연", "en": "Lee Seoyeon"})
    delegation = await world.delegation()
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("09:00")},
                             {"facility_id": kiosk["id"], "start": at("11:00")})
    await create_user(HOST[0], "host", HOST[1])
    await login(client, *HOST)
    return {"mine": mine, "other": other, "visit": visit, "cctv": cctv,
            "my_stop": visit["stops"][0]["id"], "their_stop": visit["stops"][1]["id"]}


async def _stop(world: World, visit_id: int, stop_id: int) -> dict[str, Any]:
    response = await world.client.get(f"/api/visits/{visit_id}", headers=world.officer)
    return next(s for s in response.json()["stops"] if s["id"] == stop_id)


async def _host_record(world: World, host_id: int) -> dict[str, Any]:
    response = await world.client.get(f"/api/hosts/{host_id}", headers=world.officer)
    return response.json()  # type: ignore[no-any-return]


async def test_inbox_lists_the_hosts_requested_stop(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    page = await client.get("/inbox")

    assert page.status_code == 200
    assert f'action="/inbox/stops/{w["my_stop"]}/accept"' in page.text
    assert f'action="/inbox/stops/{w["their_stop"]}/' not in page.text
    assert "통합관제센터" in page.text and "시즈오카시 대표단" in page.text
    assert cldr.country_name("JP", "ko") in page.text  # the delegation's country, in Korean
    assert "09:00–10:00" in page.text and "12" in page.text
    answer_page = re.search(r'href="(/answer/[^"]+)"', page.text)
    assert answer_page and (await client.get(answer_page.group(1))).status_code == 200


async def test_inbox_accept_marks_the_stop_accepted(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/inbox")

    response = await client.post(f"/inbox/stops/{w['my_stop']}/accept",
                                 data={"csrf_token": csrf_of(page.text)})
    after = await client.get("/inbox")

    assert response.status_code == 303 and response.headers["location"] == "/inbox"
    assert (await _stop(world, w["visit"]["id"], w["my_stop"]))["status"] == "accepted"
    assert f'action="/inbox/stops/{w["my_stop"]}/accept"' not in after.text
    assert 'id="accepted-title"' in after.text and "09:00–10:00" in after.text


async def test_inbox_decline_with_a_reason(client: httpx.AsyncClient, world: World) -> None:
    w = await _arrange(world, client)
    page = await client.get("/inbox")

    response = await client.post(f"/inbox/stops/{w['my_stop']}/decline", data={
        "csrf_token": csrf_of(page.text), "reason": "정기 점검일입니다"})

    assert response.status_code == 303
    stop = await _stop(world, w["visit"]["id"], w["my_stop"])
    assert (stop["status"], stop["decline_reason"]) == ("declined", "정기 점검일입니다")


async def test_inbox_decline_without_a_reason_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/inbox")

    response = await client.post(f"/inbox/stops/{w['my_stop']}/decline", data={
        "csrf_token": csrf_of(page.text), "reason": "   "})

    assert response.status_code == 422
    assert f'id="reason-{w["my_stop"]}-error"' in response.text
    assert (await _stop(world, w["visit"]["id"], w["my_stop"]))["status"] == "requested"


async def test_host_cannot_answer_another_hosts_stop(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/inbox")

    accept = await client.post(f"/inbox/stops/{w['their_stop']}/accept",
                               data={"csrf_token": csrf_of(page.text)})
    decline = await client.post(f"/inbox/stops/{w['their_stop']}/decline",
                                data={"csrf_token": csrf_of(page.text), "reason": "no"})

    assert accept.status_code == 403 and decline.status_code == 403
    assert (await _stop(world, w["visit"]["id"], w["their_stop"]))["status"] == "requested"


async def test_host_posts_without_csrf_are_refused_and_change_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    await client.get("/inbox")

    posts = [
        await client.post(f"/inbox/stops/{w['my_stop']}/accept"),
        await client.post(f"/inbox/stops/{w['my_stop']}/decline", data={"reason": "busy"}),
        await client.post("/availability", data={"w0_0_start": "10:00", "w0_0_end": "11:00",
                                                 "csrf_token": "forged"}),
    ]

    assert [p.status_code for p in posts] == [403] * 3
    assert (await _stop(world, w["visit"]["id"], w["my_stop"]))["status"] == "requested"
    assert len((await _host_record(world, w["mine"]["id"]))["weekly"]) == 5


def _hours_form(page: str, **changes: str) -> dict[str, str]:
    """Every field of the availability form as the page filled it, then the changes."""
    fields = dict(re.findall(r'name="((?:w\d_\d|off\d+)_(?:start|end))"[^>]*value="([^"]*)"',
                             page))
    return {**fields, "csrf_token": csrf_of(page), **changes}


async def test_availability_form_round_trip(client: httpx.AsyncClient, world: World) -> None:
    w = await _arrange(world, client)
    page = await client.get("/availability")

    response = await client.post("/availability", data=_hours_form(
        page.text, w0_0_start="09:30", w0_0_end="12:00", w0_1_start="13:00",
        w0_1_end="17:30", w4_0_start="", w4_0_end="", off0_start="2027-03-10T09:00",
        off0_end="2027-03-12T18:00"))
    again = await client.get("/availability")

    assert 'value="09:00"' in page.text and response.status_code == 303
    host = await _host_record(world, w["mine"]["id"])
    monday = [(x["start"], x["end"]) for x in host["weekly"] if x["weekday"] == 0]
    assert monday == [("09:30", "12:00"), ("13:00", "17:30")]
    assert not [x for x in host["weekly"] if x["weekday"] == 4]
    [off] = host["time_off"]
    assert datetime.fromisoformat(off["start"]) == datetime.fromisoformat(at("09:00", "2027-03-10"))
    assert datetime.fromisoformat(off["end"]) == datetime.fromisoformat(at("18:00", "2027-03-12"))
    assert 'name="w0_1_start" type="time" step="300" value="13:00"' in again.text
    assert 'value="2027-03-10T09:00"' in again.text


async def test_availability_half_window_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/availability")

    half = await client.post("/availability", data=_hours_form(page.text, w2_1_start="14:00"))
    backwards = await client.post("/availability", data=_hours_form(
        page.text, off0_start="2027-03-12T09:00", off0_end="2027-03-10T09:00"))

    assert half.status_code == 422 and 'id="w2-error"' in half.text
    assert 'value="14:00"' in half.text
    assert backwards.status_code == 422 and 'id="off0-error"' in backwards.text
    host = await _host_record(world, w["mine"]["id"])
    assert len(host["weekly"]) == 5 and host["time_off"] == []


async def test_feed_url_on_the_availability_page_serves_a_calendar(
    client: httpx.AsyncClient, world: World
) -> None:
    await _arrange(world, client)
    page = await client.get("/availability")
    url = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page.text)
    assert url, "no feed URL on the page"

    feed = await client.get(httpx.URL(url.group(1)).path)

    assert url.group(1).startswith("http://testserver/feeds/")
    assert "Google 캘린더" in page.text and "Outlook" in page.text  # the Korean page
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in feed.content and feed.content.count(b"BEGIN:VEVENT") == 1


async def test_host_pages_are_for_hosts_only(client: httpx.AsyncClient, world: World) -> None:
    await world.facility()
    await login(client, *OFFICER)

    inbox = await client.get("/inbox")
    hours = await client.get("/availability")

    assert inbox.status_code == 403 and hours.status_code == 403


async def test_availability_far_or_broken_time_off_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/availability")

    far = await client.post("/availability", data=_hours_form(
        page.text, off0_start="0001-01-01T00:00", off0_end="0001-01-02T00:00"))
    broken = await client.post("/availability", data=_hours_form(
        page.text, off1_start="tomorrow", off1_end="2027-03-10T09:00"))

    assert far.status_code == 422 and 'id="off0-error"' in far.text
    assert broken.status_code == 422 and 'id="off1-error"' in broken.text
    assert (await _host_record(world, w["mine"]["id"]))["time_off"] == []


async def test_inbox_lists_a_page_at_a_time_and_the_next_page_holds_under_new_bookings(
    client: httpx.AsyncClient, world: World, monkeypatch: Any
) -> None:
    """Issue 15: the inbox shows the soonest stops and links to the later ones by a
    cursor, so a stop booked meanwhile before it neither repeats nor hides one."""
    monkeypatch.setattr(host_pages, "INBOX_PAGE", 2)
    w = await _arrange(world, client)
    later = [(await world.book(await world.delegation(), {
        "facility_id": w["cctv"]["id"], "start": at(hour)}))["stops"][0]["id"]
        for hour in ("12:00", "15:00")]

    first = await client.get("/inbox")
    await world.book(await world.delegation(), {"facility_id": w["cctv"]["id"],
                                                "start": at("10:30")})
    link = re.search(r'href="(/inbox\?waiting=[^"]+)"', first.text)
    assert link
    second = await client.get(link.group(1).replace("&amp;", "&"))

    def answerable(text: str) -> list[int]:
        return [int(i) for i in re.findall(r'action="/inbox/stops/(\d+)/accept"', text)]

    assert answerable(first.text) == [w["my_stop"], later[0]]
    assert "(3)" in first.text
    assert answerable(second.text) == [later[1]]
    assert "(4)" in second.text and 'href="/inbox"' in second.text
    assert not re.search(r'href="/inbox\?waiting=', second.text)
    assert (await client.get("/inbox?waiting=not-a-cursor")).status_code == 422
