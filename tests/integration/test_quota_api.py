"""Weekly quotas through the HTTP contract (SPEC §7.5): `max_visits_per_week` on a facility,
409 `quota_exceeded` past it, and weeks at quota without free slots or planned days.

2027-03-08 is a Monday; the week runs to Sunday 2027-03-14. Times are Seoul time.
"""

from __future__ import annotations

from typing import Any

from tests.integration.builders import HOST, World, at
from visits.models import Visit

MONDAY, TUESDAY, FRIDAY, NEXT_MONDAY = "2027-03-08", "2027-03-09", "2027-03-12", "2027-03-15"


async def _capped(world: World, quota: int) -> tuple[dict[str, Any], dict[str, Any]]:
    cctv = await world.facility(max_visits_per_week=quota, buffer_min=0)
    await world.host([cctv["id"]], HOST[0])
    second = await world.host([cctv["id"]], "second@example.kr")
    return cctv, second


async def test_a_booking_past_the_weekly_quota_is_409_naming_the_facility_and_week(
    world: World,
) -> None:
    cctv, _ = await _capped(world, 2)
    japan = await world.delegation()
    await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00", MONDAY)})
    await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00", TUESDAY)})

    response = await world.client.post(
        "/api/visits", headers={**world.officer, "Accept-Language": "ko"},
        json={"delegation_id": japan["id"],
              "stops": [{"facility_id": cctv["id"], "start": at("14:00", FRIDAY)}]})

    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("quota_exceeded", "stops[0]")
    assert "통합관제센터는 한 주에 방문을 2건까지만" in error["message"]
    assert "2027년 3월 8일 (월)–2027년 3월 14일 (일) 주" in error["message"]
    assert await Visit.all().count() == 2
    # The next week is a new week.
    await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00", NEXT_MONDAY)})


async def test_a_second_stop_of_the_same_visit_takes_no_more_of_the_quota(world: World) -> None:
    cctv, _ = await _capped(world, 1)
    japan = await world.delegation()

    visit = await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00")},
                             {"facility_id": cctv["id"], "start": at("14:00")})

    assert len(visit["stops"]) == 2


async def test_slots_leave_a_week_at_quota_empty_and_free_again_on_cancel(world: World) -> None:
    cctv, _ = await _capped(world, 1)
    japan = await world.delegation()
    visit = await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00", MONDAY)})

    full = await world.slots(cctv, **{"from": MONDAY, "to": NEXT_MONDAY})
    assert {s["start"][:10] for s in full} == {NEXT_MONDAY}

    cancelled = await world.client.post(f"/api/visits/{visit['id']}/cancel",
                                        headers=world.officer)
    assert cancelled.status_code == 200
    free = await world.slots(cctv, **{"from": MONDAY, "to": NEXT_MONDAY})
    assert {s["start"][:10] for s in free} >= {MONDAY, TUESDAY, FRIDAY, NEXT_MONDAY}


async def test_the_day_planner_finds_nothing_in_a_week_at_quota(world: World) -> None:
    cctv, _ = await _capped(world, 1)
    japan = await world.delegation()
    await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00", MONDAY)})

    response = await world.client.post("/api/visits/plan", headers=world.officer, json={
        "delegation_id": japan["id"], "date": FRIDAY, "facility_ids": [cctv["id"]]})

    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "infeasible"


async def test_the_quota_is_in_the_facility_contract_and_can_be_lifted(world: World) -> None:
    cctv, _ = await _capped(world, 3)
    assert cctv["max_visits_per_week"] == 3
    url = f"/api/facilities/{cctv['id']}"

    for bad in (0, -1, "3", 1001):
        refused = await world.client.patch(url, json={"max_visits_per_week": bad},
                                           headers=world.officer)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json()["error"]["field"] == "max_visits_per_week"
    unchanged = await world.client.patch(url, json={"capacity": 25}, headers=world.officer)
    lifted = await world.client.patch(url, json={"max_visits_per_week": None},
                                      headers=world.officer)

    assert unchanged.json()["max_visits_per_week"] == 3
    assert lifted.status_code == 200 and lifted.json()["max_visits_per_week"] is None
    plain = await world.facility(code="kiosk")
    assert plain["max_visits_per_week"] is None

