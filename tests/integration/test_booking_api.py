"""Booking through the HTTP contract: slots, visits, answers, cancel and reschedule.

Dates are in 2027 (future, so minimum notice never interferes); 2027-03-09 is a Tuesday
and no holiday. Times are Seoul time.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.builders import DAY, HOST, World, at, sign_in
from visits.services.accounts import create_user


def starts(slots: list[dict[str, Any]]) -> list[str]:
    return [s["start"][11:16] for s in slots]


async def test_slots_cover_opening_hours_on_the_grid(world: World) -> None:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])

    slots = await world.slots(cctv)

    assert starts(slots)[0] == "09:00" and starts(slots)[-1] == "17:00"
    assert len(slots) == 33  # 09:00 … 17:00 every 15 minutes
    assert all(s["host_ids"] == [host["id"]] for s in slots)
    assert slots[0]["start"] == at("09:00") and slots[0]["end"] == at("10:00")


async def test_booked_stop_holds_its_host_until_end_plus_buffer(world: World) -> None:
    cctv = await world.facility(buffer_min=15)
    await world.host([cctv["id"]], HOST[0])
    japan = await world.delegation()

    visit = await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00")})
    slots = await world.slots(cctv)

    assert visit["status"] == "requested"
    assert visit["stops"][0]["end"] == at("11:00")
    # A 60-minute stop at 09:00 would hold the host until 10:15; the booked one holds
    # the host until 11:15.
    assert starts(slots)[:2] == ["11:15", "11:30"]


async def test_double_booking_the_same_host_is_409_and_books_nothing(world: World) -> None:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    japan, china = await world.delegation(), await world.delegation(country="CN")
    stop = {"facility_id": cctv["id"], "start": at("10:00"), "host_id": host["id"]}
    await world.book(japan, stop)

    error = await world.book(china, {**stop, "start": at("10:30")}, status=409)

    assert error["error"]["code"] == "host_busy"
    assert error["error"]["field"] == "stops[0]"
    listed = (await world.client.get("/api/visits", headers=world.officer)).json()["items"]
    assert len(listed) == 1


async def test_capacity_counts_parties_present_at_once(world: World) -> None:
    cctv = await world.facility(capacity=20, buffer_min=0)
    await world.host([cctv["id"]], HOST[0])
    await world.host([cctv["id"]], "second@example.kr")
    big = await world.delegation(size=15)
    await world.book(big, {"facility_id": cctv["id"], "start": at("10:00")})

    six = await world.book(big, {"facility_id": cctv["id"], "start": at("10:30"),
                                 "party_size": 6}, status=409)
    five = await world.book(big, {"facility_id": cctv["id"], "start": at("10:30"),
                                  "party_size": 5})

    assert six["error"]["code"] == "capacity_exceeded"
    assert five["stops"][0]["party_size"] == 5


async def test_public_holiday_is_closed(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    japan = await world.delegation()

    # 2027-09-15 (Wednesday) is Chuseok.
    error = await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00", "2027-09-15")},
                             status=409)
    slots = await world.slots(cctv, **{"from": "2027-09-14", "to": "2027-09-17"})

    assert error["error"]["code"] == "holiday"
    assert {s["start"][:10] for s in slots} == {"2027-09-17"}


async def test_consecutive_stops_need_travel_time(world: World) -> None:
    # Guro-gu Office and Guro Digital Complex: about 2.6 km apart → 8 min at 20 km/h + 10.
    office = await world.facility(code="office", lat=37.4954, lon=126.8874, buffer_min=0)
    digital = await world.facility(code="digital", lat=37.4851, lon=126.9015, buffer_min=0)
    await world.host([office["id"]], HOST[0])
    await world.host([digital["id"]], "digital@example.kr")
    japan = await world.delegation()
    first = {"facility_id": office["id"], "start": at("10:00")}
    matrix = (await world.client.get("/api/travel-times", headers=world.officer)).json()
    minutes = matrix[0]["minutes"]

    tight = await world.book(
        japan, first, {"facility_id": digital["id"], "start": at(f"11:{minutes - 1:02d}")},
        status=409,
    )
    enough = await world.book(
        japan, first, {"facility_id": digital["id"], "start": at(f"11:{minutes:02d}")}
    )

    assert 15 <= minutes <= 20
    assert tight["error"]["code"] == "travel_time"
    assert tight["error"]["field"] == "stops[1]"
    assert len(enough["stops"]) == 2


async def test_explicit_travel_time_overrides_the_estimate(world: World) -> None:
    a = await world.facility(code="a", buffer_min=0)
    b = await world.facility(code="b", lat=37.52, lon=126.90, buffer_min=0)

    response = await world.client.put(
        "/api/travel-times",
        json={"items": [{"facility_a": b["id"], "facility_b": a["id"], "minutes": 45}]},
        headers=world.officer,
    )

    assert response.status_code == 200
    assert response.json() == [
        {"facility_a": a["id"], "facility_b": b["id"], "minutes": 45, "explicit": True}
    ]


async def test_host_accepts_then_visit_is_confirmed(
    world: World, client: httpx.AsyncClient
) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    other = await world.host([cctv["id"]], "other@example.kr")
    await create_user(HOST[0], "host", HOST[1])
    me = await sign_in(client, *HOST)
    visit = await world.book(
        await world.delegation(), {"facility_id": cctv["id"], "start": at("10:00")}
    )
    stop_id = visit["stops"][0]["id"]
    assert visit["stops"][0]["host_id"] != other["id"]

    accepted = await client.post(f"/api/stops/{stop_id}/accept", headers=me)
    again = await client.post(f"/api/stops/{stop_id}/accept", headers=me)
    declined = await client.post(f"/api/stops/{stop_id}/decline", json={"reason": "x"},
                                 headers=me)

    assert accepted.status_code == again.status_code == 200
    assert declined.status_code == 409
    fetched = (await client.get(f"/api/visits/{visit['id']}", headers=world.officer)).json()
    assert fetched["status"] == "confirmed"


async def test_host_cannot_answer_another_hosts_stop(
    world: World, client: httpx.AsyncClient
) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    other = await world.host([cctv["id"]], "other@example.kr")
    await create_user(HOST[0], "host", HOST[1])
    me = await sign_in(client, *HOST)
    visit = await world.book(await world.delegation(), {
        "facility_id": cctv["id"], "start": at("10:00"), "host_id": other["id"]})
    stop_id = visit["stops"][0]["id"]

    response = await client.post(f"/api/stops/{stop_id}/accept", headers=me)
    seen = await client.get(f"/api/visits/{visit['id']}", headers=me)
    listed = (await client.get("/api/visits", headers=me)).json()["items"]

    assert response.status_code == 403
    assert seen.status_code == 404
    assert listed == []


async def test_decline_marks_visit_for_attention_and_frees_time(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")})
    stop_id = visit["stops"][0]["id"]

    response = await world.client.post(f"/api/stops/{stop_id}/decline",
                                       json={"reason": "정기 점검 / maintenance"},
                                       headers=world.officer)

    assert response.json()["status"] == "declined"
    assert response.json()["decline_reason"] == "정기 점검 / maintenance"
    fetched = (await world.client.get(f"/api/visits/{visit['id']}", headers=world.officer)).json()
    assert fetched["status"] == "needs_attention"
    assert "10:00" in starts(await world.slots(cctv))


async def test_cancel_frees_time_and_blocks_answers(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")})
    before = starts(await world.slots(cctv))

    cancelled = await world.post(f"/api/visits/{visit['id']}/cancel", {}, status=200)
    accept = await world.client.post(f"/api/stops/{visit['stops'][0]['id']}/accept",
                                     headers=world.officer)

    assert cancelled["status"] == "cancelled"
    assert cancelled["stops"][0]["status"] == "cancelled"
    assert "10:00" not in before and "10:00" in starts(await world.slots(cctv))
    assert accept.status_code == 409


async def test_reschedule_moves_stop_and_raises_sequence(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")})
    stop = visit["stops"][0]
    await world.client.post(f"/api/stops/{stop['id']}/accept", headers=world.officer)

    # Moving by 30 minutes overlaps the stop's own old time: that must not block it.
    response = await world.client.patch(f"/api/visits/{visit['id']}/stops/{stop['id']}",
                                        json={"start": at("10:30")}, headers=world.officer)

    assert response.status_code == 200, response.text
    moved = response.json()["stops"][0]
    assert moved["start"] == at("10:30") and moved["end"] == at("11:30")
    assert moved["status"] == "requested"
    assert moved["sequence"] == stop["sequence"] + 1


async def test_reschedule_into_a_taken_slot_is_409(world: World) -> None:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    first = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")})
    second = await world.book(await world.delegation(),
                              {"facility_id": cctv["id"], "start": at("14:00")})
    stop = second["stops"][0]

    response = await world.client.patch(f"/api/visits/{second['id']}/stops/{stop['id']}",
                                        json={"start": at("10:30"), "host_id": host["id"]},
                                        headers=world.officer)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "host_busy"
    unchanged = (await world.client.get(f"/api/visits/{second['id']}",
                                        headers=world.officer)).json()
    assert unchanged["stops"][0]["start"] == at("14:00")
    assert first["stops"][0]["start"] == at("10:00")


async def test_history_records_who_did_what(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")})
    await world.client.post(f"/api/stops/{visit['stops'][0]['id']}/accept",
                            headers=world.officer)
    await world.post(f"/api/visits/{visit['id']}/cancel", {}, status=200)

    history = (await world.client.get(f"/api/visits/{visit['id']}/history",
                                      headers=world.officer)).json()

    assert [h["action"] for h in history] == ["create", "accepted", "cancel"]
    assert all(h["actor"] == "officer@example.kr" for h in history)
    assert history[2]["before"][0]["status"] == "accepted"
    assert history[2]["after"][0]["status"] == "cancelled"


async def test_host_is_chosen_by_language(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0], languages=["ko", "en"])
    japanese = await world.host([cctv["id"]], "ja@example.kr", languages=["ko", "ja"])

    visit = await world.book(await world.delegation(language="ja"),
                             {"facility_id": cctv["id"], "start": at("10:00")})

    assert visit["stops"][0]["host_id"] == japanese["id"]


async def test_visits_filter_by_date_and_status(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    await world.host([cctv["id"]], "two@example.kr")
    japan = await world.delegation()
    march = await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00")})
    april = await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00", "2027-04-06")})
    await world.post(f"/api/visits/{april['id']}/cancel", {}, status=200)

    def ids(response: httpx.Response) -> list[int]:
        return [v["id"] for v in response.json()["items"]]

    get = world.client.get
    in_march = await get("/api/visits", params={"from": "2027-03-01", "to": "2027-03-31"},
                         headers=world.officer)
    cancelled = await get("/api/visits", params={"status": "cancelled"}, headers=world.officer)

    assert ids(in_march) == [march["id"]]
    assert ids(cancelled) == [april["id"]]


BAD_VISITS = [
    ("naive start", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": "2027-03-09T10:00:00"}]}, 422, "stops[0].start"),
    ("out of order", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": at("14:00")}, {"facility_id": f, "start": at("10:00")}]},
     422, "stops[1]"),
    ("unknown facility", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": 987654, "start": at("10:00")}]}, 422, "stops[0].facility_id"),
    ("unknown host", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": at("10:00"), "host_id": 987654}]}, 422, "stops[0].host_id"),
    ("unknown delegation", lambda f, d: {"delegation_id": 987654, "stops": [
        {"facility_id": f, "start": at("10:00")}]}, 422, "delegation_id"),
    ("no stops", lambda f, d: {"delegation_id": d, "stops": []}, 422, "stops"),
    ("zero duration", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": at("10:00"), "duration_min": 0}]}, 422,
     "stops[0].duration_min"),
    ("negative party", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": at("10:00"), "party_size": -2}]}, 422,
     "stops[0].party_size"),
    ("party above capacity", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": at("10:00"), "party_size": 500}]}, 409, "stops[0]"),
    ("before opening", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": at("08:30")}]}, 409, "stops[0]"),
    ("in the past", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": "2020-03-10T10:00:00+09:00"}]}, 409, "stops[0]"),
    ("overlapping stops", lambda f, d: {"delegation_id": d, "stops": [
        {"facility_id": f, "start": at("10:00")}, {"facility_id": f, "start": at("10:30")}]},
     409, "stops[1]"),
]


@pytest.mark.parametrize(("case", "make", "status", "field"), BAD_VISITS,
                         ids=[c[0] for c in BAD_VISITS])
async def test_visit_create_bad_input_books_nothing(
    world: World, case: str, make: Any, status: int, field: str
) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    japan = await world.delegation()

    error = await world.post("/api/visits", make(cctv["id"], japan["id"]), status=status)

    assert error["error"]["field"] == field
    assert (await world.client.get("/api/visits", headers=world.officer)).json()["items"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [({"from": "2027-03-10", "to": "2027-03-09"}, None),
     ({"from": "2027-03-01", "to": "2027-05-02"}, None),  # 63 days
     ({"from": "tomorrow", "to": "2027-03-09"}, "from"),
     ({"duration": 0}, "duration"), ({"duration": -30}, "duration"),
     ({"party_size": 0}, "party_size"), ({"step": "x"}, "step"),
     ({"party_size": 999}, "party_size")],
)
async def test_slots_bad_query_is_422(
    world: World, query: dict[str, Any], field: str | None
) -> None:
    cctv = await world.facility()
    params = {"from": DAY, "to": DAY, "duration": 60, "party_size": 12, **query}

    response = await world.client.get(f"/api/facilities/{cctv['id']}/slots", params=params,
                                      headers=world.officer)

    assert response.status_code == 422, response.text
    if field:
        assert response.json()["error"]["field"] == field


async def test_organisation_closure_closes_every_facility(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])

    response = await world.client.put(
        "/api/closures",
        json={"days": [{"day": DAY, "reason": "개청 기념일 / Office anniversary"}]},
        headers=world.officer)
    error = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")}, status=409)

    assert response.status_code == 200
    days = {c["day"]: c for c in response.json()}
    assert days[DAY]["kind"] == "organisation"
    assert days["2027-09-15"]["kind"] == "public_holiday"
    assert error["error"]["code"] == "holiday"
    assert await world.slots(cctv) == []


async def test_slots_follow_a_change_of_hours_at_once(world: World) -> None:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    before = starts(await world.slots(cctv))

    await world.client.put(f"/api/hosts/{host['id']}/availability", json={
        "weekly": [{"weekday": d, "start": "13:00", "end": "18:00"} for d in range(5)]},
        headers=world.officer)
    after = starts(await world.slots(cctv))

    assert before[0] == "09:00"
    assert after[0] == "13:00"


async def test_refusal_names_the_facility_not_its_id(world: World) -> None:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])

    error = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("07:00")}, status=409)

    assert "Integrated Control Center" in error["error"]["message"]
    assert f"acility {cctv['id']} " not in error["error"]["message"]
