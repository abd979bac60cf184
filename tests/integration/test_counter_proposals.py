"""Counter-proposals (SPEC §7.5): the host proposes another start (`POST
/api/stops/{id}/counter`), the stop is countered and its visit needs attention; the officer
takes it (`POST /api/stops/{id}/take-counter`, or the visit page's button) when every rule
still holds, else 409 and nothing changes. History records both; the invite follows."""

from __future__ import annotations

import re
from typing import Any

import httpx
from icalendar import Calendar

from tests.integration.builders import HOST, World, at, csrf_of, login, sign_in
from visits.models import OutboxMessage
from visits.services.accounts import create_user


async def _arrange(world: World, *extra_stops: dict[str, Any]) -> dict[str, Any]:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    delegation = await world.delegation()
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00")},
                             *extra_stops)
    await create_user(HOST[0], "host", HOST[1])
    return {"cctv": cctv, "host": host, "delegation": delegation, "visit": visit,
            "stop": visit["stops"][0], "as_host": await sign_in(world.client, *HOST)}


async def _visit(world: World, visit_id: int) -> dict[str, Any]:
    response = await world.client.get(f"/api/visits/{visit_id}", headers=world.officer)
    return response.json()  # type: ignore[no-any-return]


async def _counter(world: World, w: dict[str, Any], start: str, **body: Any) -> httpx.Response:
    return await world.client.post(f"/api/stops/{w['stop']['id']}/counter",
                                   json={"start": start, **body}, headers=w["as_host"])


async def _take(world: World, stop_id: int) -> httpx.Response:
    return await world.client.post(f"/api/stops/{stop_id}/take-counter", headers=world.officer)


def _invite(message: OutboxMessage) -> tuple[str, int, str]:
    event = Calendar.from_ical(message.ics).walk("VEVENT")[0]
    return str(event["UID"]), int(event["SEQUENCE"]), event.decoded("DTSTART").isoformat()


async def test_a_counter_makes_the_stop_countered_and_the_visit_need_attention(
        world: World) -> None:
    w = await _arrange(world)

    answer = await _counter(world, w, at("15:00"), reason="오전에는 점검이 있습니다")

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "countered"
    assert answer.json()["counter_start"] == at("15:00")
    assert answer.json()["counter_reason"] == "오전에는 점검이 있습니다"
    assert answer.json()["start"] == at("10:00")  # nothing moves until the officer takes it
    assert (await _visit(world, w["visit"]["id"]))["status"] == "needs_attention"


async def test_only_the_stops_own_host_may_counter(world: World) -> None:
    w = await _arrange(world)
    await world.host([w["cctv"]["id"]], "other.host@example.kr",
                     name={"ko": "이서연", "en": "Lee Seoyeon"})
    await create_user("other.host@example.kr", "host", "other-password-1")
    other = await sign_in(world.client, "other.host@example.kr", "other-password-1")
    url = f"/api/stops/{w['stop']['id']}/counter"

    by_other = await world.client.post(url, json={"start": at("15:00")}, headers=other)
    by_officer = await world.client.post(url, json={"start": at("15:00")}, headers=world.officer)

    assert by_other.status_code == by_officer.status_code == 403
    assert (await _visit(world, w["visit"]["id"]))["stops"][0]["status"] == "requested"


async def test_a_counter_outside_the_hosts_hours_is_refused(world: World) -> None:
    w = await _arrange(world)

    late = await _counter(world, w, at("19:00"))
    same = await _counter(world, w, at("10:00"))

    assert late.status_code == 409 and late.json()["error"]["field"] == "start"
    assert same.status_code == 422 and same.json()["error"]["code"] == "same_time"
    assert (await _visit(world, w["visit"]["id"]))["stops"][0]["status"] == "requested"


async def test_taking_a_counter_moves_the_stop_accepted_and_updates_the_invite(
        world: World) -> None:
    w = await _arrange(world)
    await _counter(world, w, at("15:00"))
    request_mail = await OutboxMessage.filter(stop_id=w["stop"]["id"]).order_by("id").first()
    assert request_mail is not None

    taken = await _take(world, w["stop"]["id"])

    assert taken.status_code == 200, taken.text
    stop = taken.json()
    assert (stop["status"], stop["start"], stop["end"]) == ("accepted", at("15:00"), at("16:00"))
    assert stop["counter_start"] is None and stop["sequence"] == w["stop"]["sequence"] + 1
    assert (await _visit(world, w["visit"]["id"]))["status"] == "confirmed"
    update = await OutboxMessage.filter(stop_id=w["stop"]["id"]).order_by("-id").first()
    assert update is not None and update.id != request_mail.id
    assert update.to_email == HOST[0] and "제안하신 시간으로 확정" in update.subject
    uid, sequence, start = _invite(update)
    first_uid, first_sequence, _ = _invite(request_mail)
    assert uid == first_uid and sequence > first_sequence
    assert start.startswith("2027-03-09T15:00")
    history = await world.client.get(f"/api/visits/{w['visit']['id']}/history",
                                     headers=world.officer)
    steps = [(e["action"], e["actor"]) for e in history.json()]
    assert steps[-2:] == [("countered", HOST[0]), ("take_counter", "officer@example.kr")]


async def test_a_counter_taken_meanwhile_is_409_and_nothing_changes(world: World) -> None:
    w = await _arrange(world)
    await _counter(world, w, at("15:00"))
    other = await world.delegation(name={"ko": "다른 대표단", "en": "Other delegation"})
    await world.book(other, {"facility_id": w["cctv"]["id"], "start": at("15:00"),
                             "host_id": w["host"]["id"]})
    mails_before = await OutboxMessage.filter(stop_id=w["stop"]["id"]).count()

    refused = await _take(world, w["stop"]["id"])

    assert refused.status_code == 409, refused.text
    assert "Kim Minsu" in refused.json()["error"]["message"]
    stop = (await _visit(world, w["visit"]["id"]))["stops"][0]
    assert (stop["status"], stop["start"], stop["counter_start"]) == (
        "countered", at("10:00"), at("15:00"))
    assert await OutboxMessage.filter(stop_id=w["stop"]["id"]).count() == mails_before


async def test_taking_a_counter_respects_the_visits_own_stops(world: World) -> None:
    """The proposed time overlaps the visit's next stop, at another facility: the host is
    free, the delegation is not (rule 5), so nothing moves."""
    kiosk_body = {"code": "kiosk", "kind": "kiosk", "duration_min": 30, "buffer_min": 0,
                  "name": {"ko": "무인민원발급기", "en": "Civil document kiosk"}}
    cctv = await world.facility()
    kiosk = await world.facility(**kiosk_body)
    await world.host([cctv["id"]], HOST[0])
    await world.host([kiosk["id"]], "kiosk.host@example.kr",
                     name={"ko": "이서연", "en": "Lee Seoyeon"})
    delegation = await world.delegation()
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00")},
                             {"facility_id": kiosk["id"], "start": at("14:00")})
    await create_user(HOST[0], "host", HOST[1])
    as_host = await sign_in(world.client, *HOST)
    stop_id = visit["stops"][0]["id"]
    countered = await world.client.post(f"/api/stops/{stop_id}/counter",
                                        json={"start": at("13:30")}, headers=as_host)
    assert countered.status_code == 200, countered.text

    refused = await _take(world, stop_id)

    assert refused.status_code == 409
    assert refused.json()["error"]["code"] in ("stops_overlap", "travel_time")
    stop = (await _visit(world, visit["id"]))["stops"][0]
    assert (stop["status"], stop["start"]) == ("countered", at("10:00"))


async def test_only_a_countered_stop_can_be_taken(world: World) -> None:
    w = await _arrange(world)

    refused = await _take(world, w["stop"]["id"])
    by_host = await world.client.post(f"/api/stops/{w['stop']['id']}/take-counter",
                                      headers=w["as_host"])

    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_counter"
    assert by_host.status_code == 403


async def test_a_second_answer_after_a_counter_is_refused(world: World) -> None:
    w = await _arrange(world)
    await _counter(world, w, at("15:00"))

    accept = await world.client.post(f"/api/stops/{w['stop']['id']}/accept",
                                     headers=w["as_host"])
    again = await _counter(world, w, at("16:00"))

    assert accept.status_code == again.status_code == 409
    assert accept.json()["error"]["code"] == "stop_countered"


async def test_the_dashboard_and_the_visit_page_offer_the_proposal(
        world: World, client: httpx.AsyncClient) -> None:
    w = await _arrange(world)
    await _counter(world, w, at("15:00"), reason="오후가 좋습니다")
    await create_user("officer.page@example.kr", "officer", "officer-password-2")
    await login(client, "officer.page@example.kr", "officer-password-2")

    dashboard = await client.get("/dashboard")
    page = await client.get(f"/visits/{w['visit']['id']}")
    action = f"/visits/{w['visit']['id']}/stops/{w['stop']['id']}/take-counter"
    taken = await client.post(action, data={"csrf_token": csrf_of(page.text)})
    after = await client.get(taken.headers["location"])

    section = dashboard.text.split('id="countered"')[1].split("</section>")[0]
    assert "15:00" in section and "오후가 좋습니다" in section and "김민수" in section
    assert f'action="{action}"' in page.text and "이 시간으로 확정" in page.text
    assert taken.status_code == 303
    assert "수락됨" in after.text and "제안한 시간으로 확정" in after.text  # the history
    assert (await _visit(world, w["visit"]["id"]))["stops"][0]["start"] == at("15:00")


async def test_the_visit_page_says_why_a_proposal_cannot_be_taken(
        world: World, client: httpx.AsyncClient) -> None:
    w = await _arrange(world)
    await _counter(world, w, at("15:00"))
    other = await world.delegation(name={"ko": "다른 대표단", "en": "Other delegation"})
    await world.book(other, {"facility_id": w["cctv"]["id"], "start": at("15:00")})
    await create_user("officer.page@example.kr", "officer", "officer-password-2")
    await login(client, "officer.page@example.kr", "officer-password-2")
    page = await client.get(f"/visits/{w['visit']['id']}")

    refused = await client.post(
        f"/visits/{w['visit']['id']}/stops/{w['stop']['id']}/take-counter",
        data={"csrf_token": csrf_of(page.text)})

    assert refused.status_code == 409
    error = re.search(r'id="counter-\d+-error"[^>]*>(.*?)</p>', refused.text, re.S)
    assert error and "김민수" in error.group(1)
    assert (await _visit(world, w["visit"]["id"]))["stops"][0]["status"] == "countered"
