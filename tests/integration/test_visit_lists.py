"""Visits and delegations a page at a time (SPEC §7.9): `{items, next}`, `next` leading on
to the following page, the pages unchanged by visits booked between two of them, limits
and cursors refused in the contract's error shape; the visit list's filters, on the API
and on the officer's page `/visits` (a plain form, no JavaScript)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.integration.builders import OFFICER, World, at, login, working_days

MEMBERS = [{"name": "Nguyen Van An", "title": "Director", "head": True}]


async def listed(world: World, path: str, expect: int = 200, **params: Any
                 ) -> dict[str, Any]:
    response = await world.client.get(path, params=params, headers=world.officer)
    assert response.status_code == expect, response.text
    return response.json()  # type: ignore[no-any-return]


async def every_page(world: World, path: str, **params: Any) -> list[list[int]]:
    pages, cursor = [], params.pop("cursor", None)
    while True:
        shown = await listed(world, path, **params, **({"cursor": cursor} if cursor else {}))
        pages.append([item["id"] for item in shown["items"]])
        cursor = shown["next"]
        if cursor is None:
            return pages


@pytest.fixture
async def booked(world: World) -> dict[str, Any]:
    """Five visits on five working days: three by a Japanese delegation at the control
    center, two by a Vietnamese one at the classroom (the last cancelled)."""
    cctv = await world.facility()
    room = await world.facility(code="class", kind="classroom",
                                name={"ko": "정보화교실", "en": "IT classroom"})
    await world.host([cctv["id"], room["id"]], "host@example.kr")
    japan = await world.delegation()
    vietnam = await world.delegation(
        name={"ko": "호찌민시 대표단", "en": "Ho Chi Minh City"}, country="VN",
        city="Ho Chi Minh City", language="vi", members=MEMBERS)
    days = working_days(5)
    visits = []
    for i, day in enumerate(days):
        who, where = (japan, cctv) if i < 3 else (vietnam, room)
        visits.append(await world.book(who, {"facility_id": where["id"],
                                             "start": at("10:00", day)}))
    await world.post(f"/api/visits/{visits[4]['id']}/cancel", {}, status=200)
    return {"ids": [v["id"] for v in visits], "days": days, "cctv": cctv, "room": room,
            "japan": japan, "vietnam": vietnam}


async def test_visits_come_a_page_at_a_time_by_first_stop(world: World, booked: dict) -> None:
    ids = booked["ids"]

    assert await every_page(world, "/api/visits", limit=2) == [ids[:2], ids[2:4], ids[4:]]
    assert await every_page(world, "/api/visits", limit=3, order="desc") == [
        ids[::-1][:3], ids[::-1][3:]]
    assert await every_page(world, "/api/visits") == [ids]


async def test_a_visit_booked_between_two_pages_shifts_nothing(world: World,
                                                               booked: dict) -> None:
    ids = booked["ids"]
    first = await listed(world, "/api/visits", limit=2)
    earlier = await world.book(booked["japan"], {"facility_id": booked["cctv"]["id"],
                                                 "start": at("14:00", booked["days"][0])})
    later = await world.book(booked["japan"], {"facility_id": booked["cctv"]["id"],
                                               "start": at("14:00", booked["days"][3])})
    rest = await every_page(world, "/api/visits", limit=2, cursor=first["next"])

    assert [v["id"] for v in first["items"]] == ids[:2]
    assert sum(rest, []) == [ids[2], ids[3], later["id"], ids[4]]
    assert earlier["id"] not in sum(rest, [])


async def test_visits_filter_by_country_delegation_facility_status_text_and_dates(
        world: World, booked: dict) -> None:
    ids, days = booked["ids"], booked["days"]

    async def found(**params: Any) -> list[int]:
        return sum(await every_page(world, "/api/visits", **params), [])

    assert await found(country="VN") == ids[3:]
    assert await found(delegation_id=booked["japan"]["id"]) == ids[:3]
    assert await found(facility_id=booked["room"]["id"]) == ids[3:]
    assert await found(status="cancelled") == [ids[4]]
    assert await found(status="requested") == ids[:4]
    assert await found(status="confirmed") == []
    assert await found(q="호찌민") == ids[3:]  # the Korean name, stored as JSON
    assert await found(q="nguyen") == ids[3:]  # a member, whatever the case
    assert await found(q="静岡") == ids[:3]
    assert await found(q="100%") == []
    assert await found(**{"from": days[1], "to": days[2]}) == ids[1:3]
    assert await found(country="VN", status="requested", q="Ho Chi") == [ids[3]]


@pytest.mark.parametrize("path", ["/api/visits", "/api/delegations", "/api/requests"])
@pytest.mark.parametrize(("params", "field"), [
    ({"cursor": "not-a-cursor"}, "cursor"), ({"cursor": "MTI="}, "cursor"),
    ({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"limit": "x"}, "limit"),
])
async def test_bad_limits_and_cursors_are_422(world: World, path: str, params: dict,
                                              field: str) -> None:
    error = (await listed(world, path, 422, **params))["error"]

    assert error["field"] == field
    assert error["code"] == ("invalid_cursor" if field == "cursor" else error["code"])


async def test_a_cursor_of_another_order_is_refused(world: World, booked: dict) -> None:
    first = await listed(world, "/api/visits", limit=1)

    error = (await listed(world, "/api/visits", 422, order="desc",
                          cursor=first["next"]))["error"]

    assert (error["code"], error["field"]) == ("invalid_cursor", "cursor")


async def test_limit_bounds(world: World, booked: dict) -> None:
    assert len((await listed(world, "/api/visits", limit=1))["items"]) == 1
    assert len((await listed(world, "/api/visits", limit=200))["items"]) == 5
    assert (await listed(world, "/api/visits", limit=200))["next"] is None


async def test_delegations_newest_first_by_page_and_by_name(world: World,
                                                            booked: dict) -> None:
    japan, vietnam = booked["japan"]["id"], booked["vietnam"]["id"]
    first = await listed(world, "/api/delegations", limit=1)
    newcomer = await world.delegation(name={"ko": "치바시", "en": "Chiba City"})
    rest = await every_page(world, "/api/delegations", limit=1, cursor=first["next"])

    assert [d["id"] for d in first["items"]] == [vietnam]
    assert rest == [[japan]]
    assert sum(await every_page(world, "/api/delegations", q="chiba"), []) == [newcomer["id"]]
    assert sum(await every_page(world, "/api/delegations", q="田中"), []) == [
        newcomer["id"], japan]
    assert first["items"][0]["members"][0]["name"] == "Nguyen Van An"


async def test_the_visit_list_page_filters_and_pages_without_javascript(
        client: httpx.AsyncClient, world: World, booked: dict) -> None:
    await login(client, *OFFICER)
    ids = booked["ids"]

    page = await client.get("/visits", params={"limit": 2})
    following = re.search(r'rel="next" href="([^"]+)"', page.text)
    assert following is not None
    second = await client.get(following.group(1).replace("&amp;", "&"))
    vietnam = await client.get("/visits", params={"country": "VN", "q": "", "status": ""})
    refused = await client.get("/visits", params={"to": "2027-01-01", "from": "2027-02-01"})

    assert page.status_code == second.status_code == vietnam.status_code == 200
    assert _visit_links(page.text) == [ids[4], ids[3]]  # latest first
    assert _visit_links(second.text) == [ids[2], ids[1]]
    assert _visit_links(vietnam.text) == [ids[4], ids[3]]
    assert "호찌민시 대표단" in vietnam.text and "취소됨" in vietnam.text
    assert 'action="/visits"' in page.text and 'method="get"' in page.text
    assert refused.status_code == 422 and 'role="alert"' in refused.text
    assert 'href="/visits"' in (await client.get("/dashboard")).text


def _visit_links(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<a href="/visits/(\d+)">', html)]


async def test_the_builder_finds_a_delegation_by_search_without_javascript(
        client: httpx.AsyncClient, world: World, booked: dict) -> None:
    await login(client, *OFFICER)
    for i in range(9):
        await world.delegation(name={"ko": f"치바시 {i}", "en": f"Chiba {i}"})
    vietnam = booked["vietnam"]["id"]

    opened = await client.get("/visits/new")
    found = await client.get("/visits/new", params={
        "delegation_q": "호찌민", "find": "1", "date": "", "step": "15"})
    fragment = await client.get("/delegations/search", params={"q": "nguyen"})
    chosen = await client.get("/visits/new", params={"delegation": vietnam,
                                                     "delegation_q": "chiba"})

    assert opened.status_code == found.status_code == fragment.status_code == 200
    assert "<select id=\"delegation\"" not in opened.text
    assert len(re.findall(r'type="radio" name="delegation"', opened.text)) == 8
    assert "맞는 대표단이 더 있습니다" in opened.text
    assert re.findall(r'name="delegation" value="(\d+)"', found.text) == [str(vietnam)]
    assert 'role="alert"' not in found.text  # searching is not submitting step 1
    assert 'name="delegation_q" type="search" value="호찌민"' in found.text
    assert re.findall(r'name="delegation" value="(\d+)"', fragment.text) == [str(vietnam)]
    assert "<html" not in fragment.text
    # The delegation chosen stays on top, checked, beside what the search finds.
    assert re.findall(r'name="delegation" value="(\d+)"', chosen.text)[0] == str(vietnam)
    assert f'value="{vietnam}" checked' in chosen.text


async def test_the_delegations_page_searches_and_pages(
        client: httpx.AsyncClient, world: World) -> None:
    await login(client, *OFFICER)
    made = [(await world.delegation(name={"ko": f"대표단 {i}", "en": f"Delegation {i}"}))["id"]
            for i in range(52)]
    await world.delegation(name={"ko": "몽골 울란바토르", "en": "Ulaanbaatar"}, country="MN")

    first = await client.get("/delegations")
    following = re.search(r'rel="next" href="([^"]+)"', first.text)
    assert following is not None
    second = await client.get(following.group(1).replace("&amp;", "&"))
    found = await client.get("/delegations", params={"q": "울란바토르"})
    nothing = await client.get("/delegations", params={"q": "zzz"})

    def shown(html: str) -> list[int]:
        return [int(n) for n in re.findall(r'href="/delegations/(\d+)/edit"', html)]

    assert len(shown(first.text)) == 50
    assert shown(second.text) == made[:3][::-1]
    assert len(shown(found.text)) == 1 and "몽골" in found.text
    assert shown(nothing.text) == [] and "이름이 맞는 대표단이 없습니다" in nothing.text


async def test_the_dashboard_shows_the_twenty_soonest_stops_awaiting_an_answer(
        client: httpx.AsyncClient, world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], "host@example.kr")
    japan = await world.delegation()
    ids = [(await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00", day)}))["id"]
           for day in working_days(21)]
    await login(client, *OFFICER)

    page = await client.get("/dashboard")
    empty_week = await client.get("/dashboard", params={"week": "2036-03-03"})

    assert page.status_code == empty_week.status_code == 200
    assert set(map(int, re.findall(r'href="/visits/(\d+)"', page.text))) == set(ids[:20])
    assert "답변을 기다리는 방문 모두 보기" in page.text
    assert 'href="/visits?status=requested&amp;from=' in page.text
