"""Refusals follow the reader's language: the API by Accept-Language, pages by the
interface language; the code is the same in every language (SPEC §7.1)."""

from __future__ import annotations

import re

import httpx

from tests.integration.builders import HOST, OFFICER, World, at, login
from visits.services.accounts import create_user

HANGUL = re.compile(r"[가-힣]")


async def _closed_hour(world: World, language: str | None) -> httpx.Response:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    delegation = await world.delegation()
    headers = {**world.officer, **({"Accept-Language": language} if language else {})}
    return await world.client.post(
        "/api/visits", headers=headers,
        json={"delegation_id": delegation["id"],
              "stops": [{"facility_id": cctv["id"], "start": at("07:00")}]})


async def test_a_broken_rule_is_refused_in_korean_naming_the_facility(world: World) -> None:
    response = await _closed_hour(world, "ko-KR,ko;q=0.9,en;q=0.8")

    error = response.json()["error"]
    assert response.status_code == 409
    assert error["code"] == "facility_closed" and error["field"] == "stops[0]"
    assert error["message"].startswith("통합관제센터는 화요일 09:00–18:00에만 운영하므로")
    assert response.headers["content-language"] == "ko"


async def test_a_broken_rule_is_refused_in_english_by_default(world: World) -> None:
    response = await _closed_hour(world, None)

    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (409, "facility_closed")
    assert error["message"].startswith(
        "Integrated Control Center is open on Tuesdays 09:00–18:00 only")
    assert not HANGUL.search(error["message"])


async def test_a_language_neither_korean_nor_english_gets_english(world: World) -> None:
    response = await _closed_hour(world, "ja")

    assert "Integrated Control Center" in response.json()["error"]["message"]


async def test_a_busy_host_is_named_with_the_other_delegation(world: World) -> None:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    first = await world.delegation()
    second = await world.delegation(name={"ko": "치바시 대표단", "en": "Chiba City delegation"})
    await world.book(first, {"facility_id": cctv["id"], "start": at("10:00"),
                             "host_id": host["id"]})

    response = await world.client.post(
        "/api/visits", headers={**world.officer, "Accept-Language": "ko"},
        json={"delegation_id": second["id"], "stops": [
            {"facility_id": cctv["id"], "start": at("10:30"), "host_id": host["id"]}]})

    message = response.json()["error"]["message"]
    assert response.json()["error"]["code"] == "host_busy"
    assert "김민수 님은" in message and "시즈오카시 대표단 방문을 맡고 있어" in message
    assert not re.search(r"[A-Za-z]", message)


async def test_refused_input_is_worded_in_korean_with_its_field(world: World) -> None:
    response = await world.client.post(
        "/api/facilities", headers={**world.officer, "Accept-Language": "ko"},
        json={"code": "x", "kind": "kiosk", "name": {"ko": "무인민원발급기", "en": "Kiosk"},
              "address": "서울", "capacity": 0, "duration_min": 30})

    error = response.json()["error"]
    assert (response.status_code, error["code"], error["field"]) == (
        422, "invalid_field", "capacity")
    assert error["message"] == "capacity: 1 이상이어야 합니다."


async def test_an_unknown_id_is_refused_in_korean(world: World) -> None:
    response = await world.client.get(
        "/api/visits/424242", headers={**world.officer, "Accept-Language": "ko"})

    assert response.status_code == 404
    assert response.json()["error"] == {"code": "not_found",
                                        "message": "ID 424242번 방문이 없습니다."}


async def test_a_browser_at_an_unknown_page_gets_a_korean_page(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/nowhere", headers={"Accept": "text/html"})
    program = await client.get("/nowhere")

    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "/nowhere 주소에는 아무것도 없습니다." in page.text
    assert program.json()["error"]["code"] == "not_found"


async def test_a_reschedule_clash_reads_in_korean_on_the_visit_page(
    client: httpx.AsyncClient, world: World
) -> None:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    delegation = await world.delegation()
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00")})
    await create_user(OFFICER[0], "officer", OFFICER[1])
    await login(client, *OFFICER)
    page = await client.get(f"/visits/{visit['id']}")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None

    response = await client.post(
        f"/visits/{visit['id']}/stops/{visit['stops'][0]['id']}",
        data={"csrf_token": csrf.group(1), "date": "2027-03-09", "time": "07:00",
              "host": str(host["id"])})

    assert response.status_code == 409
    assert "통합관제센터는 화요일 09:00–18:00에만 운영하므로" in response.text
    assert "Integrated Control Center" not in response.text
