"""Dates far outside the app's years (issue 11, point 5): each request the probe sent is
refused with 422, in Korean too, instead of overflowing the day arithmetic into a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.builders import DAY, HOST, World

OUTSIDE = ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"]


async def _world_with_a_facility(world: World) -> tuple[dict[str, Any], dict[str, Any]]:
    facility = await world.facility()
    await world.host([facility["id"]], HOST[0])
    return facility, await world.delegation()


def _assert_refused(response: Any, field: str) -> None:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_field", error
    assert error["field"] == field, error
    assert "2000-01-01" in error["message"] and "2100-12-31" in error["message"]


@pytest.mark.parametrize("day", OUTSIDE)
async def test_slots_outside_the_years_is_422(world: World, day: str) -> None:
    facility, _ = await _world_with_a_facility(world)

    response = await world.client.get(f"/api/facilities/{facility['id']}/slots",
                                      params={"from": day, "to": day}, headers=world.officer)

    _assert_refused(response, "from")


async def test_slots_to_outside_the_years_is_422(world: World) -> None:
    facility, _ = await _world_with_a_facility(world)

    response = await world.client.get(f"/api/facilities/{facility['id']}/slots",
                                      params={"from": "2100-12-30", "to": "9999-12-31"},
                                      headers=world.officer)

    _assert_refused(response, "to")


@pytest.mark.parametrize("day", OUTSIDE)
async def test_visits_list_from_outside_the_years_is_422(world: World, day: str) -> None:
    response = await world.client.get("/api/visits", params={"from": day},
                                      headers=world.officer)

    _assert_refused(response, "from")


async def test_visits_list_to_outside_the_years_is_422(world: World) -> None:
    response = await world.client.get("/api/visits", params={"to": "9999-12-31"},
                                      headers=world.officer)

    _assert_refused(response, "to")


@pytest.mark.parametrize("day", ["0001-03-02", "9999-03-02"])
async def test_day_plan_in_year_1_or_9999_is_422(world: World, day: str) -> None:
    facility, delegation = await _world_with_a_facility(world)

    response = await world.client.post("/api/visits/plan", json={
        "delegation_id": delegation["id"], "date": day, "facility_ids": [facility["id"]]},
        headers=world.officer)

    _assert_refused(response, "date")


async def test_event_plan_in_2101_is_422(world: World) -> None:
    facility, delegation = await _world_with_a_facility(world)

    response = await world.client.post("/api/events/plan", json={
        "days": [DAY, "2101-03-01"],
        "delegations": [{"delegation_id": delegation["id"], "wishes": [facility["id"]]}]},
        headers=world.officer)

    _assert_refused(response, "days[1]")


async def test_event_plan_wish_days_outside_the_years_is_422(world: World) -> None:
    facility, delegation = await _world_with_a_facility(world)

    response = await world.client.post("/api/events/plan", json={
        "days": [DAY], "delegations": [{"delegation_id": delegation["id"],
                                        "wishes": [facility["id"]], "days": ["0258-10-11"]}]},
        headers=world.officer)

    _assert_refused(response, "delegations[0].days[0]")


async def test_organisation_closure_outside_the_years_is_422(world: World) -> None:
    response = await world.client.put("/api/closures", json={
        "days": [{"day": "9999-12-31", "reason": "end of time"}]}, headers=world.officer)

    _assert_refused(response, "days[0].day")


async def test_date_range_refusal_is_worded_in_korean(world: World) -> None:
    response = await world.client.get("/api/visits", params={"from": "9999-12-31"},
                                      headers={**world.officer, "Accept-Language": "ko"})

    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "2000-01-01" in message and "2100-12-31" in message
    assert "날짜" in message, message


async def test_last_and_first_day_of_the_years_are_accepted(world: World) -> None:
    response = await world.client.get("/api/visits", params={"from": "2000-01-01",
                                                             "to": "2100-12-31"},
                                      headers=world.officer)

    assert response.status_code == 200, response.text
