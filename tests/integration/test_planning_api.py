"""The planners over HTTP: a proposal is bookable as is; an event books all or nothing."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from tests.integration.builders import DAY, HOST, World


async def _two_facilities(world: World) -> tuple[dict[str, Any], dict[str, Any]]:
    office = await world.facility(code="office", lat=37.4954, lon=126.8874, buffer_min=0)
    digital = await world.facility(code="digital", lat=37.4851, lon=126.9015, buffer_min=0,
                                   duration_min=45)
    await world.host([office["id"], digital["id"]], HOST[0])
    await world.host([digital["id"]], "second@example.kr", languages=["ko", "ja"])
    return office, digital


async def test_day_plan_is_bookable_as_is(world: World) -> None:
    office, digital = await _two_facilities(world)
    japan = await world.delegation()

    plan = await world.post("/api/visits/plan", {
        "delegation_id": japan["id"], "date": DAY,
        "facility_ids": [office["id"], digital["id"]],
        "lunch": {"start": "12:00", "end": "13:30", "duration_min": 60}}, status=200)
    booked = await world.book(japan, *[
        {"facility_id": s["facility_id"], "start": s["start"], "host_id": s["host_id"]}
        for s in plan["stops"]])

    assert [s["facility_id"] for s in plan["stops"]] != []
    assert len(plan["stops"]) == 2 and plan["unscheduled"] == []
    assert plan["travel_min"] >= 10
    assert [s["start"] for s in booked["stops"]] == [s["start"] for s in plan["stops"]]


async def test_day_plan_on_a_holiday_is_422_infeasible(world: World) -> None:
    office, _ = await _two_facilities(world)
    japan = await world.delegation()

    error = await world.post("/api/visits/plan", {
        "delegation_id": japan["id"], "date": "2027-09-15", "facility_ids": [office["id"]]},
        status=422)

    assert error["error"]["code"] == "infeasible"
    assert error["error"]["message"]


async def test_day_plan_unknown_facility_is_422(world: World) -> None:
    japan = await world.delegation()

    error = await world.post("/api/visits/plan", {
        "delegation_id": japan["id"], "date": DAY, "facility_ids": [999]}, status=422)

    assert error["error"]["field"] == "facility_ids"


async def test_event_plan_books_all_or_nothing(world: World) -> None:
    office, digital = await _two_facilities(world)
    japan, china = await world.delegation(size=8), await world.delegation(size=6, country="CN")
    wishes = [{"delegation_id": d["id"], "wishes": [office["id"], digital["id"]]}
              for d in (japan, china)]

    plan = await world.post("/api/events/plan", {"days": [DAY], "delegations": wishes,
                                                 "time_limit_s": 5}, status=200)
    booked = await world.post("/api/events/book", {"visits": plan["visits"]})
    again = await world.post("/api/events/book", {"visits": plan["visits"]}, status=409)

    assert plan["status"] in ("OPTIMAL", "FEASIBLE")
    assert plan["bound"] >= plan["objective"] > 0
    assert len(booked["visits"]) == len(plan["visits"])
    assert again["error"]["field"].startswith("visits[0].stops[")
    listed = (await world.client.get("/api/visits", headers=world.officer)).json()["items"]
    assert len(listed) == len(plan["visits"])


async def _event_request(world: World, days: list[str]) -> dict[str, Any]:
    office, digital = await _two_facilities(world)
    japan = await world.delegation()
    return {"days": days, "time_limit_s": 5,
            "delegations": [{"delegation_id": japan["id"],
                             "wishes": [office["id"], digital["id"]]}]}


async def test_event_plan_days_centuries_apart_is_422_at_once(world: World) -> None:
    """Issue 11.1: this request grew the server to 14.7 GB and ignored its time limit."""
    body = await _event_request(world, ["0002-08-22", "0258-10-11", "5407-05-11"])

    started = time.monotonic()
    error = await world.post("/api/events/plan", body, status=422)

    assert time.monotonic() - started < 10
    assert error["error"]["field"].startswith("days")


async def test_event_plan_days_over_a_month_apart_is_422_event_span(world: World) -> None:
    body = await _event_request(world, ["2027-03-02", "2027-04-01", "2027-04-02"])

    response = await world.client.post("/api/events/plan", json=body,
                                       headers={**world.officer, "Accept-Language": "ko"})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "event_span" and error["field"] == "days"
    assert "32일" in error["message"] and "31일 이내" in error["message"]


async def test_event_plan_days_a_month_apart_still_plans(world: World) -> None:
    body = await _event_request(world, [DAY, str(date.fromisoformat(DAY) + timedelta(days=30))])

    plan = await world.post("/api/events/plan", body, status=200)

    assert plan["status"] in ("OPTIMAL", "FEASIBLE") and plan["stops"]


async def test_event_plan_too_large_is_422_event_too_large_before_solving(world: World) -> None:
    """6 groups × 12 wishes × 5 hosts × 14 days × 96 starts: past the limit."""
    rooms = [await world.facility(code=f"room{k}", capacity=10) for k in range(12)]
    ids = [r["id"] for r in rooms]
    for k in range(5):
        await world.host(ids, f"host{k}@example.kr")
    crowd = await world.delegation(size=60)
    days = [str(date.fromisoformat(DAY) + timedelta(days=k)) for k in range(14)]
    body = {"days": days, "day_start": "00:00", "day_end": "23:59", "time_limit_s": 120,
            "delegations": [{"delegation_id": crowd["id"], "wishes": ids}]}

    started = time.monotonic()
    response = await world.client.post("/api/events/plan", json=body,
                                       headers={**world.officer, "Accept-Language": "ko"})

    assert time.monotonic() - started < 10
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "event_too_large" and error["field"] == "delegations"
    assert "대표단" in error["message"] and "나누어" in error["message"]


async def test_a_lunch_with_a_place_comes_back_as_a_meal_that_booking_keeps(
        world: World) -> None:
    office, digital = await _two_facilities(world)
    japan = await world.delegation()
    restaurant = {"name": {"ko": "고척 한정식", "en": "Gocheok Hanjeongsik"},
                  "address": "서울 구로구 경인로 430", "lat": 37.498182, "lon": 126.867065}

    plan = await world.post("/api/visits/plan", {
        "delegation_id": japan["id"], "date": DAY, "day_start": "10:00", "day_end": "15:30",
        "facility_ids": [office["id"], digital["id"]],
        "lunch": {"start": "11:30", "end": "14:30", "duration_min": 60,
                  "place": restaurant}}, status=200)
    stops = [{"facility_id": s["facility_id"], "start": s["start"], "host_id": s["host_id"]}
             for s in plan["stops"]]
    booked = await world.post("/api/visits", {"delegation_id": japan["id"], "stops": stops,
                                              "items": plan["items"]})
    items = (await world.client.get(f"/api/visits/{booked['id']}/items",
                                    headers=world.officer)).json()

    (meal,) = plan["items"]
    assert meal["kind"] == "meal" and meal["place"] == restaurant["name"]
    assert [meal["start"], meal["end"]] == plan["lunch"]
    assert [(i["kind"], i["start"], i["end"], i["lat"]) for i in items] == [
        ("meal", meal["start"], meal["end"], restaurant["lat"])]


async def test_booking_a_meal_over_a_stop_is_409_and_books_nothing(world: World) -> None:
    office, _ = await _two_facilities(world)
    japan = await world.delegation()
    meal = {"kind": "meal", "title": "오찬", "start": f"{DAY}T10:30:00+09:00",
            "end": f"{DAY}T11:30:00+09:00"}

    error = await world.post("/api/visits", {
        "delegation_id": japan["id"], "items": [meal],
        "stops": [{"facility_id": office["id"], "start": f"{DAY}T10:00:00+09:00"}]},
        status=409)
    listed = (await world.client.get("/api/visits", headers=world.officer)).json()["items"]

    assert error["error"]["code"] == "stops_overlap" and error["error"]["field"] == "items[0]"
    assert listed == []
