"""The programme's items through the HTTP contract (SPEC §7.4): /api/visits/{id}/items.

2027-03-09 is a Tuesday; times are Seoul time. The facility of `facility_body` lies at
구로구청 (37.4954, 126.8874).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.integration.builders import HOST, World, at, sign_in
from visits.services.accounts import create_user

RESTAURANT = {"lat": 37.4853, "lon": 126.9014}  # by 구로디지털단지역, 16 min from the office


async def visit_with_stop(world: World, start: str = "10:00") -> dict[str, Any]:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    japan = await world.delegation()
    return await world.book(japan, {"facility_id": cctv["id"], "start": at(start)})


def meal(**overrides: Any) -> dict[str, Any]:
    body = {"kind": "meal", "title": {"ko": "오찬", "en": "Lunch"}, "start": at("12:00"),
            "end": at("13:00"), "place": "한식당 고향집", "address": "서울 구로구 디지털로 300",
            **RESTAURANT}
    body.update(overrides)
    return body


async def items_of(world: World, visit_id: int) -> list[dict[str, Any]]:
    response = await world.client.get(f"/api/visits/{visit_id}/items", headers=world.officer)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_items_are_added_and_listed_in_time_order(world: World) -> None:
    visit = await visit_with_stop(world)
    path = f"/api/visits/{visit['id']}/items"

    lunch = await world.post(path, meal())
    arrival = await world.post(path, {"kind": "arrival", "title": "도착",
                                      "start": at("09:30"), "end": at("09:45")})

    assert lunch["place"] == "한식당 고향집" and lunch["lat"] == RESTAURANT["lat"]
    assert lunch["title"] == {"ko": "오찬", "en": "Lunch"} and lunch["sequence"] == 0
    assert arrival["place"] is None and arrival["title"] == "도착"
    assert [i["id"] for i in await items_of(world, visit["id"])] == [arrival["id"], lunch["id"]]


async def test_an_item_over_a_stop_is_409_in_korean_and_adds_nothing(world: World) -> None:
    visit = await visit_with_stop(world)

    response = await world.client.post(
        f"/api/visits/{visit['id']}/items", json=meal(start=at("10:30"), end=at("11:30")),
        headers={**world.officer, "Accept-Language": "ko"})

    error = response.json()["error"]
    assert response.status_code == 409 and error["code"] == "stops_overlap"
    assert "‘오찬’" in error["message"] and "통합관제센터" in error["message"]
    assert error["field"] == "start"
    assert await items_of(world, visit["id"]) == []


async def test_a_located_item_too_close_to_a_stop_is_travel_time(world: World) -> None:
    visit = await visit_with_stop(world)  # 10:00-11:00 at the office
    path = f"/api/visits/{visit['id']}/items"

    refused = await world.post(path, meal(start=at("11:10"), end=at("12:00")), status=409)
    unlocated = await world.post(path, meal(start=at("11:10"), end=at("12:00"), lat=None,
                                            lon=None))

    assert refused["error"]["code"] == "travel_time"
    assert "Lunch" in refused["error"]["message"]
    assert unlocated["lat"] is None
    assert len(await items_of(world, visit["id"])) == 1


async def test_moving_a_stop_onto_an_item_is_refused_from_the_stop_side(world: World) -> None:
    visit = await visit_with_stop(world)
    await world.post(f"/api/visits/{visit['id']}/items", meal())
    stop = visit["stops"][0]

    response = await world.client.patch(
        f"/api/visits/{visit['id']}/stops/{stop['id']}", json={"start": at("12:30")},
        headers=world.officer)

    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "stops_overlap"
    after = (await world.client.get(f"/api/visits/{visit['id']}", headers=world.officer)).json()
    assert after["stops"][0]["start"] == at("10:00")


async def test_an_item_is_moved_and_removed(world: World) -> None:
    visit = await visit_with_stop(world)
    path = f"/api/visits/{visit['id']}/items"
    lunch = await world.post(path, meal())

    moved = await world.client.patch(f"{path}/{lunch['id']}", headers=world.officer,
                                     json={"start": at("12:30"), "end": at("13:30"),
                                           "lat": None, "lon": None})
    blocked = await world.client.patch(f"{path}/{lunch['id']}", headers=world.officer,
                                       json={"start": at("10:30")})
    by_start = await world.client.patch(f"{path}/{lunch['id']}", headers=world.officer,
                                        json={"start": at("12:15")})
    removed = await world.client.delete(f"{path}/{lunch['id']}", headers=world.officer)
    again = await world.client.delete(f"{path}/{lunch['id']}", headers=world.officer)

    assert moved.status_code == 200, moved.text
    assert moved.json()["start"] == at("12:30") and moved.json()["lat"] is None
    assert moved.json()["sequence"] == 1
    assert blocked.status_code == 409
    assert (by_start.json()["start"], by_start.json()["end"]) == (at("12:15"), at("13:15"))
    assert removed.status_code == 204 and again.status_code == 404
    assert await items_of(world, visit["id"]) == []


@pytest.mark.parametrize(("body", "field"), [
    (meal(kind="dinner"), "kind"),
    (meal(end=at("11:00")), "end"),
    (meal(lat=None), "lat"),
    (meal(title=""), "title"),
    (meal(start="2027-03-09T12:00:00"), "start"),
    (meal(lat=91), "lat"),
    (meal(title="오\u0000찬"), "title"),
])
async def test_bad_items_are_422_and_change_nothing(world: World, body: dict[str, Any],
                                                    field: str) -> None:
    visit = await visit_with_stop(world)

    response = await world.client.post(f"/api/visits/{visit['id']}/items", json=body,
                                       headers=world.officer)

    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"].startswith(field)
    assert await items_of(world, visit["id"]) == []


async def test_items_of_unknown_visits_and_other_visits_are_404(world: World) -> None:
    visit = await visit_with_stop(world)
    lunch = await world.post(f"/api/visits/{visit['id']}/items", meal())

    unknown = await world.client.post("/api/visits/999999/items", json=meal(),
                                      headers=world.officer)
    huge = await world.client.get("/api/visits/99999999999/items", headers=world.officer)
    wrong = await world.client.patch(f"/api/visits/{visit['id'] + 1}/items/{lunch['id']}",
                                     json={"title": "x"}, headers=world.officer)
    empty = await world.client.patch(f"/api/visits/{visit['id']}/items/{lunch['id']}",
                                     json={}, headers=world.officer)

    assert unknown.status_code == 404 and huge.status_code == 404
    assert wrong.status_code == 404 and empty.status_code == 422


async def test_a_repeated_item_post_with_one_idempotency_key_adds_one(world: World) -> None:
    visit = await visit_with_stop(world)
    headers = {**world.officer, "Idempotency-Key": "lunch-1"}
    path = f"/api/visits/{visit['id']}/items"

    first = await world.client.post(path, json=meal(), headers=headers)
    second = await world.client.post(path, json=meal(), headers=headers)

    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert len(await items_of(world, visit["id"])) == 1


async def test_hosts_may_not_touch_items(world: World) -> None:
    visit = await visit_with_stop(world)
    await create_user(HOST[0], "host", "host-password-1")
    host = await sign_in(world.client, HOST[0], "host-password-1")

    response = await world.client.post(f"/api/visits/{visit['id']}/items", json=meal(),
                                       headers=host)

    assert response.status_code == 403


async def test_items_are_in_the_calendar_and_the_published_versions(world: World) -> None:
    visit = await visit_with_stop(world)
    path = f"/api/visits/{visit['id']}/items"
    lunch = await world.post(path, meal())
    first = await world.post(f"/api/visits/{visit['id']}/publish", {})
    await world.client.patch(f"{path}/{lunch['id']}", headers=world.officer,
                             json={"start": at("12:30"), "end": at("13:30")})

    second = await world.post(f"/api/visits/{visit['id']}/publish", {})
    calendar = await world.client.get(f"/api/visits/{visit['id']}/itinerary.ics",
                                      headers=world.officer)

    assert [(c["kind"], c["item"].get("title")) for c in first["changes"]] == [
        ("added", None), ("added", {"ko": "오찬", "en": "Lunch"})]
    assert second["changes"] == [{
        "kind": "moved", "item": {"item_id": lunch["id"], "title": {"ko": "오찬", "en": "Lunch"}},
        "before": {"start": at("12:00"), "end": at("13:00")},
        "after": {"start": at("12:30"), "end": at("13:30")}}]
    assert f"UID:visit-{visit['id']}-item-{lunch['id']}@" in calendar.text


async def test_an_item_and_a_stop_moved_onto_it_at_once_never_both_win(world: World) -> None:
    visit = await visit_with_stop(world)
    stop = visit["stops"][0]

    added, moved = await asyncio.gather(
        world.client.post(f"/api/visits/{visit['id']}/items", headers=world.officer,
                          json=meal(lat=None, lon=None)),
        world.client.patch(f"/api/visits/{visit['id']}/stops/{stop['id']}",
                           headers=world.officer, json={"start": at("12:00")}))

    assert sorted([added.status_code, moved.status_code]) in ([200, 409], [201, 409])
    items = await items_of(world, visit["id"])
    after = (await world.client.get(f"/api/visits/{visit['id']}", headers=world.officer)).json()
    stop_at_noon = after["stops"][0]["start"] == at("12:00")
    assert stop_at_noon != bool(items)
