"""The officer's visit pages: the builder, one visit, rescheduling, cancelling, sharing."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.integration.builders import (
    DAY,
    HOST,
    OFFICER,
    World,
    at,
    csrf_of,
    login,
    request_body,
)
from tests.unit.itineraries.pdf_tools import pdftotext
from visits.services.accounts import create_user


async def _arrange(world: World, client: httpx.AsyncClient) -> dict[str, Any]:
    """A CCTV centre and a kiosk next to it, one host each, a Japanese delegation of 12;
    the officer signed in through the login form."""
    cctv = await world.facility()
    kiosk = await world.facility(code="kiosk", kind="kiosk", duration_min=30, buffer_min=0,
                                 name={"ko": "무인민원발급기", "en": "Civil document kiosk"})
    first = await world.host([cctv["id"]], HOST[0])
    second = await world.host([kiosk["id"]], "kiosk.host@example.kr",
                              name={"ko": "이서연", "en": "Lee Seoyeon"})
    delegation = await world.delegation()
    await login(client, *OFFICER)
    return {"cctv": cctv, "kiosk": kiosk, "first": first, "second": second,
            "delegation": delegation}


def _builder_url(w: dict[str, Any], *facilities: str) -> str:
    ticked = "".join(f"&facility={w[f]['id']}" for f in facilities)
    return f"/visits/new?delegation={w['delegation']['id']}&date={DAY}{ticked}"


async def _build(client: httpx.AsyncClient, w: dict[str, Any], slots: dict[str, str],
                 **extra: str) -> httpx.Response:
    page = await client.get(_builder_url(w, *slots))
    form: dict[str, Any] = {"csrf_token": csrf_of(page.text), "delegation": w["delegation"]["id"],
                            "date": DAY, "facility": [w[f]["id"] for f in slots], **extra}
    form.update({f"slot_{w[f]['id']}": at(clock) for f, clock in slots.items()})
    return await client.post("/visits/new", data=form)


async def _visits_of(world: World) -> list[dict[str, Any]]:
    response = await world.client.get("/api/visits", headers=world.officer)
    return response.json()["items"]  # type: ignore[no-any-return]


async def _visit(world: World, visit_id: int) -> dict[str, Any]:
    response = await world.client.get(f"/api/visits/{visit_id}", headers=world.officer)
    return response.json()  # type: ignore[no-any-return]


async def test_builder_shows_free_slots_of_each_ticked_facility(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    page = await client.get(_builder_url(w, "cctv", "kiosk"))

    assert page.status_code == 200
    assert f'name="slot_{w["cctv"]["id"]}" value="{at("09:00")}"' in page.text
    assert f'name="slot_{w["kiosk"]["id"]}" value="{at("09:00")}"' in page.text
    assert "김민수" in page.text and "이서연" in page.text


async def test_builder_preselects_the_delegation_from_the_query(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    page = await client.get(f"/visits/new?delegation={w['delegation']['id']}")

    assert f'value="{w["delegation"]["id"]}" checked' in page.text
    assert 'href="/visits/new?propose=1"' in page.text or 'name="propose"' in page.text


async def test_builder_books_the_visit_and_shows_it(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    response = await _build(client, w, {"kiosk": "11:30", "cctv": "09:00"})
    page = await client.get(response.headers["location"])

    assert response.status_code == 303
    visit_id = int(response.headers["location"].rsplit("/", 1)[1])
    stops = (await _visit(world, visit_id))["stops"]
    assert [(s["facility_id"], s["start"]) for s in stops] == [
        (w["cctv"]["id"], at("09:00")), (w["kiosk"]["id"], at("11:30"))]
    assert all(s["status"] == "requested" for s in stops)
    assert page.status_code == 200
    assert "통합관제센터" in page.text and "무인민원발급기" in page.text
    assert "09:00–10:00" in page.text and "11:30–12:00" in page.text
    assert "시즈오카시 대표단" in page.text


async def test_builder_taken_slot_shows_the_conflict_and_books_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    other = await world.delegation(size=3, name={"ko": "다른 대표단", "en": "Another"})
    await world.book(other, {"facility_id": w["cctv"]["id"], "start": at("10:00")})

    response = await _build(client, w, {"cctv": "10:00", "kiosk": "13:00"},
                            **{f"host_{w['cctv']['id']}": str(w["first"]["id"])})

    assert response.status_code == 409
    block = response.text.split(f'id="f{w["cctv"]["id"]}"', 1)[1].split("</fieldset>", 1)[0]
    assert 'data-code="host_busy"' in block
    assert f'value="{at("10:00")}" checked' in block
    assert len(await _visits_of(world)) == 1


async def test_builder_travel_time_is_shown_next_to_the_later_facility(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    far = await world.facility(code="far", lat=37.5663, lon=126.9779, buffer_min=0,
                               name={"ko": "서울시청", "en": "Seoul City Hall"})
    await world.host([far["id"]], "far.host@example.kr")
    w["far"] = far

    response = await _build(client, w, {"cctv": "09:00", "far": "10:00"})

    assert response.status_code == 409
    block = response.text.split(f'id="f{far["id"]}"', 1)[1].split("</fieldset>", 1)[0]
    assert 'data-code="travel_time"' in block
    assert await _visits_of(world) == []


async def test_builder_without_a_chosen_time_asks_for_one(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    response = await _build(client, w, {"cctv": "09:00"}, facility=[
        str(w["cctv"]["id"]), str(w["kiosk"]["id"])])

    assert response.status_code == 422
    assert f'id="f{w["kiosk"]["id"]}-error"' in response.text
    assert await _visits_of(world) == []


async def test_builder_propose_shows_the_planner_placeholder(
    client: httpx.AsyncClient, world: World
) -> None:
    await _arrange(world, client)

    page = await client.get("/visits/new?propose=1")

    assert page.status_code == 200
    assert 'id="planner"' in page.text


async def _booked(client: httpx.AsyncClient, world: World) -> tuple[dict[str, Any], int, str]:
    w = await _arrange(world, client)
    response = await _build(client, w, {"cctv": "09:00", "kiosk": "11:30"})
    visit_id = int(response.headers["location"].rsplit("/", 1)[1])
    page = await client.get(f"/visits/{visit_id}")
    return w, visit_id, page.text


async def test_visit_page_reschedules_a_stop(client: httpx.AsyncClient, world: World) -> None:
    w, visit_id, page = await _booked(client, world)
    stop = (await _visit(world, visit_id))["stops"][0]
    await world.client.post(f"/api/stops/{stop['id']}/accept", headers=world.officer)

    response = await client.post(f"/visits/{visit_id}/stops/{stop['id']}", data={
        "csrf_token": csrf_of(page), "date": DAY, "time": "14:00",
        "host": str(w["first"]["id"])})
    after = await client.get(f"/visits/{visit_id}")

    assert response.status_code == 303
    moved = (await _visit(world, visit_id))["stops"][0]
    assert (moved["start"], moved["status"]) == (at("14:00"), "requested")
    assert "14:00–15:00" in after.text
    assert OFFICER[0] in after.text.split('id="history-title"', 1)[1]


async def test_visit_page_reschedule_conflict_keeps_the_input(
    client: httpx.AsyncClient, world: World
) -> None:
    w, visit_id, page = await _booked(client, world)
    stops = (await _visit(world, visit_id))["stops"]

    response = await client.post(f"/visits/{visit_id}/stops/{stops[1]['id']}", data={
        "csrf_token": csrf_of(page), "date": DAY, "time": "09:30",
        "host": str(w["second"]["id"])})

    assert response.status_code == 409
    card = response.text.split(f'id="stop-{stops[1]["id"]}"', 1)[1].split("</article>", 1)[0]
    assert 'data-code="stops_overlap"' in card and 'value="09:30"' in card
    assert (await _visit(world, visit_id))["stops"][1]["start"] == at("11:30")


async def test_visit_page_cancels_after_confirmation(
    client: httpx.AsyncClient, world: World
) -> None:
    _, visit_id, _ = await _booked(client, world)

    confirm = await client.get(f"/visits/{visit_id}/cancel")
    response = await client.post(f"/visits/{visit_id}/cancel",
                                 data={"csrf_token": csrf_of(confirm.text)})
    page = await client.get(f"/visits/{visit_id}")

    assert confirm.status_code == 200 and 'class="danger"' in confirm.text
    assert response.status_code == 303
    assert (await _visit(world, visit_id))["status"] == "cancelled"
    assert 'class="badge cancelled"' in page.text
    assert f'action="/visits/{visit_id}/stops/' not in page.text


async def test_share_link_is_shown_then_revoked(client: httpx.AsyncClient, world: World) -> None:
    _, visit_id, page = await _booked(client, world)

    await client.post(f"/visits/{visit_id}/share", data={"csrf_token": csrf_of(page)})
    shared = await client.get(f"/visits/{visit_id}")
    url = re.search(r'id="share-url" type="text" readonly value="([^"]+)"', shared.text)
    assert url, "no share URL on the page"
    path = httpx.URL(url.group(1)).path
    visitor = await client.get(path)
    await client.post(f"/visits/{visit_id}/share/revoke", data={"csrf_token": csrf_of(page)})
    withdrawn = await client.get(path)
    after = await client.get(f"/visits/{visit_id}")

    assert visitor.status_code == 200
    assert withdrawn.status_code == 404
    assert 'id="share-url"' not in after.text


async def test_visit_page_downloads_use_the_itinerary_renderers(
    client: httpx.AsyncClient, world: World
) -> None:
    _, visit_id, page = await _booked(client, world)

    ics = await client.get(f"/visits/{visit_id}/itinerary.ics")
    pdf = await client.get(f"/visits/{visit_id}/itinerary.pdf?lang=en")
    bad = await client.get(f"/visits/{visit_id}/itinerary.pdf?lang=%3Cscript%3E")

    assert f'href="/visits/{visit_id}/itinerary.pdf?lang=ja"' in page
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in ics.content and ics.content.count(b"BEGIN:VEVENT") == 2
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert bad.status_code == 422


async def test_visit_page_lists_members_in_precedence_with_their_own_script(
    client: httpx.AsyncClient, world: World
) -> None:
    w, visit_id, _ = await _booked(client, world)
    await world.client.patch(
        f"/api/delegations/{w['delegation']['id']}", headers=world.officer,
        json={"members": request_body()["members"]})

    page = (await client.get(f"/visits/{visit_id}")).text
    names = [re.sub(r"<[^>]+>", "", n)
             for n in re.findall(r'<td data-label="성명">(.*?)</td>', page)]
    cards = await client.get(f"/visits/{visit_id}/name-cards.pdf")

    assert names == ["田中一郎 (Ichiro Tanaka)", "佐藤花子 (Hanako Sato)", "Ken Suzuki"]
    assert "단장" in page and "no pork" in page
    assert f'href="/visits/{visit_id}/name-cards.pdf"' in page
    assert cards.status_code == 200 and cards.content.startswith(b"%PDF")
    assert "田中一郎" in pdftotext(cards.content)


async def test_visit_posts_without_csrf_are_refused_and_change_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w, visit_id, _ = await _booked(client, world)
    stop = (await _visit(world, visit_id))["stops"][0]

    posts = [
        await client.post("/visits/new", data={
            "delegation": w["delegation"]["id"], "date": DAY, "facility": w["cctv"]["id"],
            f"slot_{w['cctv']['id']}": at("15:00")}),
        await client.post(f"/visits/{visit_id}/stops/{stop['id']}",
                          data={"date": DAY, "time": "15:00"}),
        await client.post(f"/visits/{visit_id}/cancel", data={"csrf_token": "forged"}),
        await client.post(f"/visits/{visit_id}/share", data={}),
    ]

    assert [p.status_code for p in posts] == [403] * 4
    assert len(await _visits_of(world)) == 1
    visit = await _visit(world, visit_id)
    assert visit["status"] == "requested" and visit["stops"][0]["start"] == at("09:00")
    assert "/v/" not in (await client.get(f"/visits/{visit_id}")).text


async def test_visit_pages_are_for_officers_only(
    app: Any, client: httpx.AsyncClient, world: World
) -> None:
    _, visit_id, _ = await _booked(client, world)
    await create_user(HOST[0], "host", HOST[1])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as phone:
        await login(phone, *HOST)

        as_host = await phone.get(f"/visits/{visit_id}")
        builder = await phone.get("/visits/new")

    assert as_host.status_code == 403 and builder.status_code == 403


async def test_visit_page_of_an_unknown_visit_is_404(
    client: httpx.AsyncClient, world: World
) -> None:
    await _arrange(world, client)

    page = await client.get("/visits/999999")

    assert page.status_code == 404


async def test_visit_pages_refuse_far_dates_with_a_4xx(
    client: httpx.AsyncClient, world: World
) -> None:
    w, visit_id, page = await _booked(client, world)
    stop = (await _visit(world, visit_id))["stops"][0]

    builder = await client.get(_builder_url(w, "cctv").replace(DAY, "9999-12-31"))
    moved = await client.post(f"/visits/{visit_id}/stops/{stop['id']}", data={
        "csrf_token": csrf_of(page), "date": "9999-12-31", "time": "23:00"})
    tampered = await _build(client, w, {"cctv": "09:00"},
                            **{f"slot_{w['cctv']['id']}": "0001-01-01T00:00:00+09:00"})

    assert builder.status_code == 422 and 'id="date-error"' in builder.text
    assert moved.status_code == 422
    assert 400 <= tampered.status_code < 500
    assert (await _visit(world, visit_id))["stops"][0]["start"] == at("09:00")
    assert len(await _visits_of(world)) == 1
