"""The day planner, when a stop's host does not speak the delegation's language, says so in
the reader's language and proposes a free interpreter (SPEC §7.4)."""

from __future__ import annotations

from typing import Any

from tests.integration.builders import DAY, World, at

WEEKDAYS = [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]


async def _plan(world: World, delegation: dict[str, Any], facility: dict[str, Any],
                lang: str = "ko") -> dict[str, Any]:
    response = await world.client.post("/api/visits/plan", json={
        "delegation_id": delegation["id"], "date": DAY, "facility_ids": [facility["id"]]},
        headers={**world.officer, "Accept-Language": lang})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def _interpreter(world: World, name: str, languages: list[str]) -> dict[str, Any]:
    return await world.post("/api/companions", {
        "name": {"ko": name}, "kind": "interpreter", "languages": languages,
        "weekly": WEEKDAYS})


async def test_a_thai_day_with_korean_only_hosts_proposes_a_free_thai_interpreter(
        world: World) -> None:
    facility = await world.facility()
    await world.host([facility["id"]], "host1@example.kr", languages=["ko", "en"])
    thai = await world.delegation(language="th")
    busy = await _interpreter(world, "김태국", ["ko", "th"])
    free = await _interpreter(world, "이수진", ["ko", "th"])
    await _interpreter(world, "다나카", ["ko", "ja"])
    other = await world.delegation(language="th")
    facility2 = await world.facility(code="other")
    await world.host([facility2["id"]], "host2@example.kr")
    taken = await world.book(other, {"facility_id": facility2["id"], "start": at("09:00")})
    await world.client.put(f"/api/visits/{taken['id']}/companions", headers=world.officer,
                           json=[{"companion_id": busy["id"], "start": at("08:00"),
                                  "end": at("19:00")}])

    plan = await _plan(world, thai, facility)

    needed = plan["interpreter"]
    assert needed["companion_id"] == free["id"] and needed["facility_ids"] == [facility["id"]]
    assert needed["reason"] == ("일정의 담당자 중 태국어를 하는 사람이 없어 통역이 필요합니다. "
                                "그 시간에 비어 있는 통역사 이수진 님을 제안합니다.")
    english = (await _plan(world, thai, facility, "en"))["interpreter"]["reason"]
    assert english.startswith("No host of this plan speaks Thai")


async def test_no_free_interpreter_is_said_so(world: World) -> None:
    facility = await world.facility()
    await world.host([facility["id"]], "host1@example.kr", languages=["ko"])
    arab = await world.delegation(language="ar")

    needed = (await _plan(world, arab, facility))["interpreter"]

    assert needed["companion_id"] is None
    assert "아랍어 통역사가 없습니다" in needed["reason"]


async def test_a_host_speaking_the_language_needs_no_interpreter(world: World) -> None:
    facility = await world.facility()
    await world.host([facility["id"]], "host1@example.kr", languages=["ko", "ja"])
    japanese = await world.delegation(language="ja")

    assert (await _plan(world, japanese, facility))["interpreter"] is None
