"""Running late (SPEC §7.5): `POST /api/visits/{id}/delay` moves every later stop, or none.

The visit: 2027-03-09 (a Tuesday), the control center at 10:00 with 김민수 and the
classroom at 13:00 with 이서연, whose hours end at 14:20. Times are Seoul time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.integration.builders import HOST, OFFICER, World, at, csrf_of, login
from visits.auth import principal_of
from visits.contract.delays import DelayRequest
from visits.models import AuditEvent, OutboxMessage, Stop, User
from visits.services import delays
from visits.settings import Settings


async def _visit(world: World, **classroom_host: Any) -> dict[str, Any]:
    cctv = await world.facility(buffer_min=0)
    classroom = await world.facility(code="class", name={"ko": "정보화교실", "en": "IT Classroom"},
                                     buffer_min=0, lat=37.4955, lon=126.8875)
    await world.host([cctv["id"]], HOST[0])
    weekly = [{"weekday": d, "start": "09:00", "end": "14:20"} for d in range(5)]
    await world.host([classroom["id"]], "seoyeon@example.kr",
                     name={"ko": "이서연", "en": "Lee Seoyeon"},
                     **{"weekly": weekly, **classroom_host})
    japan = await world.delegation()
    return await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00")},
                            {"facility_id": classroom["id"], "start": at("13:00")})


async def _delay(world: World, visit: dict[str, Any], body: dict[str, Any],
                 **headers: str) -> httpx.Response:
    return await world.client.post(f"/api/visits/{visit['id']}/delay", json=body,
                                   headers={**world.officer, **headers})


def _starts(answer: dict[str, Any]) -> list[str]:
    return [s["start"] for s in answer["stops"]]


async def _delay_mails() -> list[OutboxMessage]:
    return await OutboxMessage.filter(subject__contains="견학 일정 지연").order_by("id")


async def test_a_delay_moves_every_later_stop_and_tells_each_host_once(world: World) -> None:
    visit = await _visit(world)

    response = await _delay(world, visit, {"minutes": 20})

    assert response.status_code == 200, response.text
    moved = response.json()
    assert _starts(moved) == [at("10:20"), at("13:20")]
    assert [s["sequence"] for s in moved["stops"]] == [
        s["sequence"] + 1 for s in visit["stops"]]
    assert moved["moved_stop_ids"] == [s["id"] for s in visit["stops"]]
    assert moved["published_version"] is None  # not the visit's day: the officer publishes
    mails = await _delay_mails()
    assert sorted(m.to_email for m in mails) == sorted([HOST[0], "seoyeon@example.kr"])
    first = next(m for m in mails if m.to_email == HOST[0])
    assert "20분 늦어지고 있습니다" in first.body and "10:00 시작에서 10:20–11:20" in first.body
    assert first.ics_method == "REQUEST" and "SEQUENCE:1" in first.ics
    uid = next(line for line in first.ics.splitlines() if line.startswith("UID:"))
    request_mail = await OutboxMessage.filter(stop_id=first.stop_id).order_by("id").first()
    assert request_mail is not None and uid in request_mail.ics
    assert await AuditEvent.filter(action="delay", visit_id=visit["id"]).count() == 1


async def test_a_delay_past_a_hosts_hours_is_409_naming_the_host_and_moves_nothing(
    world: World,
) -> None:
    visit = await _visit(world)
    outbox = await OutboxMessage.all().count()

    response = await _delay(world, visit, {"minutes": 40}, **{"Accept-Language": "ko"})

    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("host_unavailable", "minutes")
    assert "이서연 님은" in error["message"] and "14:20" in error["message"]
    stops = await Stop.filter(visit_id=visit["id"]).order_by("position")
    assert [s.start for s in stops] == [datetime.fromisoformat(s["start"])
                                        for s in visit["stops"]]
    assert [s.sequence for s in stops] == [s["sequence"] for s in visit["stops"]]
    assert await OutboxMessage.all().count() == outbox
    assert not await AuditEvent.filter(action="delay").exists()


async def test_a_delay_into_another_visit_of_the_host_is_refused_naming_the_facility(
    world: World,
) -> None:
    visit = await _visit(world)
    china = await world.delegation(country="CN", name={"ko": "베이징 대표단", "en": "Beijing"})
    await world.book(china, {"facility_id": visit["stops"][0]["facility_id"],
                             "start": at("11:15")})

    response = await _delay(world, visit, {"minutes": 30}, **{"Accept-Language": "ko"})

    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] in ("host_busy", "capacity_exceeded")
    assert "김민수" in error["message"] or "통합관제센터" in error["message"]
    assert (await Stop.get(id=visit["stops"][0]["id"])).sequence == visit["stops"][0]["sequence"]


async def test_from_moves_only_the_stops_starting_then_or_later(world: World) -> None:
    visit = await _visit(world)

    response = await _delay(world, visit, {"minutes": 10, "from": at("12:00")})

    assert response.status_code == 200, response.text
    assert _starts(response.json()) == [at("10:00"), at("13:10")]
    assert [m.to_email for m in await _delay_mails()] == ["seoyeon@example.kr"]


async def test_a_retried_delay_with_the_same_key_moves_the_stops_once(world: World) -> None:
    visit = await _visit(world)
    key = {"Idempotency-Key": "bus-late-1"}

    first = await _delay(world, visit, {"minutes": 10}, **key)
    again = await _delay(world, visit, {"minutes": 10}, **key)

    assert first.status_code == again.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert _starts(again.json()) == [at("10:10"), at("13:10")]
    assert len(await _delay_mails()) == 2


async def test_bad_delays_are_4xx_and_move_nothing(world: World) -> None:
    visit = await _visit(world)
    bodies: list[Any] = [{}, {"minutes": 0}, {"minutes": 241}, {"minutes": "20"},
                         {"minutes": 10, "from": "2027-03-09T12:00:00"}, {"minutes": 1.5}, []]

    answers = [await _delay(world, visit, body) for body in bodies]
    missing = await world.client.post("/api/visits/999999/delay", json={"minutes": 10},
                                      headers=world.officer)
    await world.client.post(f"/api/visits/{visit['id']}/cancel", headers=world.officer)
    cancelled = await _delay(world, visit, {"minutes": 10})

    assert [a.status_code for a in answers] == [422] * len(bodies)
    assert missing.status_code == 404
    assert cancelled.status_code == 409
    assert cancelled.json()["error"]["code"] == "nothing_to_delay"
    assert not await _delay_mails()


async def test_on_the_visits_day_the_delay_is_published_with_its_change(
    world: World, settings: Settings
) -> None:
    visit = await _visit(world)
    shared = await world.client.post(f"/api/visits/{visit['id']}/share", headers=world.officer)
    assert shared.status_code == 200, shared.text  # publishes version 1
    contact_mails = await OutboxMessage.filter(visit_id=visit["id"], stop_id=None).count()
    officer = principal_of(await User.get(email=OFFICER[0]))
    morning = datetime.fromisoformat(at("09:40"))

    done = await delays.delay_visit(officer, settings, visit["id"],
                                    DelayRequest.model_validate({"minutes": 15}),
                                    base_url="http://testserver", now=morning)

    assert done.version == 2
    versions = (await world.client.get(f"/api/visits/{visit['id']}/versions",
                                       headers=world.officer)).json()
    assert [c["kind"] for c in versions[-1]["changes"]] == ["moved", "moved"]
    assert versions[-1]["changes"][0]["after"]["start"] == at("10:15")
    assert await OutboxMessage.filter(visit_id=visit["id"], stop_id=None).count() == (
        contact_mails + 1)
    page = await world.client.get(shared.json()["url"].replace("http://testserver", ""))
    assert "10:15" in page.text


async def test_in_the_afternoon_only_the_stops_not_over_move(world: World,
                                                             settings: Settings) -> None:
    visit = await _visit(world)
    officer = principal_of(await User.get(email=OFFICER[0]))

    done = await delays.delay_visit(officer, settings, visit["id"],
                                    DelayRequest.model_validate({"minutes": 5}),
                                    base_url="http://testserver",
                                    now=datetime.fromisoformat(at("12:30")))

    assert done.moved == [visit["stops"][1]["id"]]
    assert done.version is None  # never published: nothing for visitors to refresh


async def _page_post(client: httpx.AsyncClient, visit: dict[str, Any],
                     data: dict[str, str]) -> tuple[httpx.Response, httpx.Response]:
    page = await client.get(f"/visits/{visit['id']}")
    assert page.status_code == 200, page.text
    posted = await client.post(f"/visits/{visit['id']}/delay",
                               data={**data, "csrf_token": csrf_of(page.text)})
    return posted, await client.get(f"/visits/{visit['id']}")


@pytest.fixture
async def korean_pages(client: httpx.AsyncClient, world: World) -> httpx.AsyncClient:
    """The officer of `world`, signed in to the pages in Korean."""
    await login(client, *OFFICER)
    client.cookies.set("lang", "ko")
    return client


async def test_the_visit_page_delays_from_a_chosen_stop_in_korean(
    korean_pages: httpx.AsyncClient, world: World
) -> None:
    client, visit = korean_pages, await _visit(world)

    posted, shown = await _page_post(client, visit, {
        "minutes": "other", "other": "15", "from": str(visit["stops"][1]["id"])})

    assert posted.status_code == 303
    assert "늦어지고 있어요" in shown.text and "+10분" in shown.text
    assert "남은 일정 1건을 15분 늦췄습니다" in shown.text
    starts = [s.start for s in await Stop.filter(visit_id=visit["id"]).order_by("position")]
    assert starts == [datetime.fromisoformat(at("10:00")), datetime.fromisoformat(at("13:15"))]


async def test_the_visit_page_says_who_blocks_a_delay_and_moves_nothing(
    korean_pages: httpx.AsyncClient, world: World
) -> None:
    client, visit = korean_pages, await _visit(world)

    posted, shown = await _page_post(client, visit, {"minutes": "30"})
    _, refused = await _page_post(client, visit, {"minutes": "other", "other": ""})

    assert posted.status_code == 303
    assert "일정을 바꾸지 않았습니다." in shown.text and "이서연 님은" in shown.text
    assert "일정을 바꾸지 않았습니다." in refused.text
    assert not await AuditEvent.filter(action="delay").exists()


async def test_programme_items_from_then_on_move_with_the_stops(world: World) -> None:
    """Lunch between the two stops moves with the afternoon; the arrival before stays."""
    visit = await _visit(world)
    items = f"/api/visits/{visit['id']}/items"
    for body in ({"kind": "arrival", "title": "도착", "start": at("09:30"), "end": at("09:45")},
                 {"kind": "meal", "title": "오찬", "start": at("12:00"), "end": at("12:45"),
                  "place": "구로 한식당", "lat": 37.4952, "lon": 126.8872}):
        created = await world.client.post(items, json=body, headers=world.officer)
        assert created.status_code == 201, created.text

    response = await _delay(world, visit, {"minutes": 10, "from": at("11:00")})

    assert response.status_code == 200, response.text
    assert _starts(response.json()) == [at("10:00"), at("13:10")]
    listed = (await world.client.get(items, headers=world.officer)).json()
    moved = {i["kind"]: (i["start"], i["end"], i["sequence"]) for i in listed}
    assert moved["arrival"] == (at("09:30"), at("09:45"), 0)
    assert moved["meal"] == (at("12:10"), at("12:55"), 1)
