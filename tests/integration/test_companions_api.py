"""Companions (SPEC §7.4) through the API: managed like hosts, assigned to visits under the
same no-double-booking guarantee, refused in words that name them, invited by mail."""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime
from typing import Any

import httpx
import pytest
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError

from tests.integration.builders import DAY, OutsideWriter, World, at
from tests.unit.itineraries.pdf_tools import pdftotext
from visits.models import CompanionAssignment, OutboxMessage
from visits.settings import Settings

WEEKDAYS = [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]


def companion_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": {"ko": "이수진", "en": "Lee Su-jin"},
                            "kind": "interpreter", "email": "sujin@interp.example.kr",
                            "phone": "010-1234-5678", "languages": ["ko", "ja"],
                            "weekly": WEEKDAYS}
    body.update(overrides)
    return body


_numbers = itertools.count(1)


async def _visit(world: World, clock: str = "10:00", **delegation: Any) -> dict[str, Any]:
    """A one-stop visit at its own facility and host."""
    n = next(_numbers)
    facility = await world.facility(code=f"place{n}")
    await world.host([facility["id"]], f"host{n}@example.kr")
    party = await world.delegation(**delegation)
    return await world.book(party, {"facility_id": facility["id"], "start": at(clock)})


async def _put(world: World, visit_id: int, items: list[dict[str, Any]],
               lang: str = "ko") -> httpx.Response:
    return await world.client.put(f"/api/visits/{visit_id}/companions", json=items,
                                  headers={**world.officer, "Accept-Language": lang})


async def test_companions_are_created_listed_changed_and_removed(world: World) -> None:
    made = await world.post("/api/companions", companion_body())
    bus = await world.post("/api/companions", companion_body(
        name={"ko": "45인승 버스", "en": "45-seat bus"}, kind="vehicle", seats=45,
        languages=[], email=""))

    listed = (await world.client.get("/api/companions", headers=world.officer)).json()
    assert [c["id"] for c in listed] == [made["id"], bus["id"]]
    changed = await world.client.patch(f"/api/companions/{made['id']}", headers=world.officer,
                                       json={"languages": ["ko", "ja", "th"]})
    assert changed.json()["languages"] == ["ko", "ja", "th"]
    gone = await world.client.delete(f"/api/companions/{bus['id']}", headers=world.officer)
    assert gone.status_code == 204
    missing = await world.client.get(f"/api/companions/{bus['id']}", headers=world.officer)
    assert missing.status_code == 404


async def test_a_vehicle_without_seats_is_refused(world: World) -> None:
    refused = await world.post("/api/companions", companion_body(kind="vehicle"), status=422)
    assert refused["error"]["field"] == "seats"


async def test_an_interpreter_goes_with_a_visit_and_is_invited_once(world: World) -> None:
    visit = await _visit(world)
    sujin = await world.post("/api/companions", companion_body())
    items = [{"companion_id": sujin["id"], "start": at("09:30"), "end": at("17:00")}]

    first = await _put(world, visit["id"], items)
    again = await _put(world, visit["id"], items)

    assert first.status_code == 200 and again.status_code == 200, first.text
    assert again.json() == first.json()
    assert first.json()[0]["name"] == {"ko": "이수진", "en": "Lee Su-jin"}
    invites = await OutboxMessage.filter(to_email="sujin@interp.example.kr")
    assert [m.ics_method for m in invites] == ["REQUEST"]
    assert "BEGIN:VEVENT" in invites[0].ics and "companion-" in invites[0].ics


async def test_removing_a_companion_frees_them_and_mails_a_cancel(world: World) -> None:
    visit = await _visit(world)
    sujin = await world.post("/api/companions", companion_body())
    await _put(world, visit["id"], [{"companion_id": sujin["id"], "start": at("09:30"),
                                     "end": at("17:00")}])

    emptied = await _put(world, visit["id"], [])

    assert emptied.status_code == 200 and emptied.json() == []
    methods = [m.ics_method for m in await OutboxMessage.filter(
        to_email="sujin@interp.example.kr").order_by("id")]
    assert methods == ["REQUEST", "CANCEL"]
    assert not await CompanionAssignment.filter(live=True).exists()


async def test_double_assigning_an_interpreter_is_409_naming_them(world: World) -> None:
    first = await _visit(world, "10:00")
    second = await _visit(world, "14:00", name={"ko": "방콕시 대표단", "en": "Bangkok"})
    sujin = await world.post("/api/companions", companion_body())
    await _put(world, first["id"], [{"companion_id": sujin["id"], "start": at("09:30"),
                                     "end": at("12:00")}])

    refused = await _put(world, second["id"], [{"companion_id": sujin["id"],
                                                "start": at("11:00"), "end": at("16:00")}])

    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "companion_busy" and error["field"] == "[0]"
    assert "이수진 님은" in error["message"] and "시즈오카시 대표단" in error["message"]
    assert await CompanionAssignment.filter(visit_id=second["id"]).count() == 0


async def test_an_interpreter_without_the_delegations_language_is_409(world: World) -> None:
    visit = await _visit(world, language="th")
    sujin = await world.post("/api/companions", companion_body())

    refused = await _put(world, visit["id"], [{"companion_id": sujin["id"],
                                               "start": at("09:30"), "end": at("12:00")}])

    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "language_mismatch"
    assert "태국어" in refused.json()["error"]["message"]


async def test_a_bus_too_small_for_the_party_is_409(world: World) -> None:
    visit = await _visit(world, size=15)
    van = await world.post("/api/companions", companion_body(
        name={"ko": "12인승 승합차"}, kind="vehicle", seats=12, languages=[], email=""))

    refused = await _put(world, visit["id"], [{"companion_id": van["id"],
                                               "start": at("09:30"), "end": at("12:00")}],
                         lang="en")

    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "capacity_exceeded"
    assert "12인승 승합차" in refused.json()["error"]["message"]


async def test_hours_and_time_off_are_refused(world: World) -> None:
    visit = await _visit(world)
    away = await world.post("/api/companions", companion_body(
        time_off=[{"start": at("09:00"), "end": at("18:00")}]))
    await world.post("/api/companions", companion_body(weekly=[]), status=201)

    refused = await _put(world, visit["id"], [{"companion_id": away["id"],
                                               "start": at("09:30"), "end": at("12:00")}])
    early = await _put(world, visit["id"], [{"companion_id": away["id"],
                                             "start": at("06:00"), "end": at("07:00")}])

    assert refused.json()["error"]["code"] == "companion_time_off"
    assert early.json()["error"]["code"] == "companion_unavailable"


async def test_bad_assignment_bodies_are_4xx_and_change_nothing(world: World) -> None:
    visit = await _visit(world)
    sujin = await world.post("/api/companions", companion_body())
    bodies: list[Any] = [
        {"companion_id": sujin["id"]},
        [{"companion_id": sujin["id"], "start": at("12:00"), "end": at("11:00")}],
        [{"companion_id": 999_999, "start": at("09:00"), "end": at("11:00")}],
        [{"companion_id": "x", "start": at("09:00"), "end": at("11:00")}],
        [{"companion_id": sujin["id"], "start": "2027-03-09T09:00", "end": at("11:00")}],
    ]
    for body in bodies:
        response = await world.client.put(f"/api/visits/{visit['id']}/companions", json=body,
                                          headers=world.officer)
        assert 400 <= response.status_code < 500, (body, response.text)
    missing = await _put(world, 999_999, [])
    assert missing.status_code == 404
    assert not await CompanionAssignment.all().exists()


async def test_suggest_lists_free_companions_that_fit(world: World) -> None:
    first = await _visit(world, "10:00")
    second = await _visit(world, "14:00")
    busy = await world.post("/api/companions", companion_body())
    free = await world.post("/api/companions", companion_body(name={"ko": "박하나"}))
    await world.post("/api/companions", companion_body(name={"ko": "최태국"},
                                                       languages=["ko", "th"]))
    bus = await world.post("/api/companions", companion_body(
        name={"ko": "45인승 버스"}, kind="vehicle", seats=45, languages=[], email=""))
    await _put(world, first["id"], [{"companion_id": busy["id"], "start": at("09:00"),
                                     "end": at("15:30")}])

    response = await world.client.get(f"/api/visits/{second['id']}/companions/suggest",
                                      headers=world.officer)

    assert response.status_code == 200, response.text
    assert [c["id"] for c in response.json()["companions"]] == [free["id"], bus["id"]]
    assert response.json()["start"].startswith(f"{DAY}T14:00")


async def test_cancelling_a_visit_frees_its_companions(world: World) -> None:
    first = await _visit(world, "10:00")
    second = await _visit(world, "11:00")
    sujin = await world.post("/api/companions", companion_body())
    items = [{"companion_id": sujin["id"], "start": at("09:30"), "end": at("12:30")}]
    await _put(world, first["id"], items)

    await world.post(f"/api/visits/{first['id']}/cancel", {}, status=200)
    taken = await _put(world, second["id"], items)

    assert taken.status_code == 200, taken.text
    refused = await _put(world, first["id"], items)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "cancelled"


async def test_racing_assignments_of_one_interpreter_one_wins(world: World) -> None:
    visits = [await _visit(world, f"{10 + i}:00") for i in range(4)]
    sujin = await world.post("/api/companions", companion_body())
    items = [{"companion_id": sujin["id"], "start": at("09:00"), "end": at("17:00")}]

    answers = await asyncio.gather(*(_put(world, v["id"], items) for v in visits))

    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
    assert await CompanionAssignment.filter(live=True).count() == 1


async def test_companions_show_on_the_pdf_and_once_published_on_the_visitor_page(
        world: World) -> None:
    visit = await _visit(world, language="th")
    sujin = await world.post("/api/companions", companion_body(languages=["ko", "th"]))
    await _put(world, visit["id"], [{"companion_id": sujin["id"], "start": at("09:30"),
                                     "end": at("17:00")}])

    pdf = await world.client.get(f"/api/visits/{visit['id']}/itinerary.pdf",
                                 headers=world.officer)
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
    page = await world.client.get(httpx.URL(share["url"]).path)

    text = pdftotext(pdf.content)
    assert "동행 인력" in text and "이수진" in text and "ล่าม" in text
    assert page.status_code == 200
    assert "이수진" in page.text and "ล่าม" in page.text
    assert "sujin@interp.example.kr" not in page.text


async def test_the_database_itself_refuses_two_live_overlapping_assignments(
        world: World) -> None:
    """Past the app's checks: PostgreSQL's exclusion constraint (migration 0011) refuses
    the overlap; SQLite relies on the assignment transaction's leading write instead."""
    if Tortoise.get_connection("default").capabilities.dialect != "postgres":
        pytest.skip("the exclusion constraint is PostgreSQL's")
    first, second = await _visit(world, "10:00"), await _visit(world, "11:00")
    sujin = await world.post("/api/companions", companion_body())
    start, end = datetime.fromisoformat(at("09:00")), datetime.fromisoformat(at("12:00"))
    await CompanionAssignment.create(visit_id=first["id"], companion_id=sujin["id"],
                                     start=start, end=end)

    with pytest.raises(IntegrityError):
        await CompanionAssignment.create(visit_id=second["id"], companion_id=sujin["id"],
                                         start=start, end=end)
    await CompanionAssignment.create(visit_id=second["id"], companion_id=sujin["id"],
                                     start=start, end=end, live=False)


async def test_an_assignment_meeting_an_uncommitted_outside_one_is_409_naming_them(
        world: World, settings: Settings) -> None:
    """PostgreSQL: a live assignment written past the app and not yet committed is invisible
    to the rules; the app's insert waits on the exclusion constraint, and once the other
    commits the answer is 409 companion_busy naming the companion, nothing assigned."""
    if not settings.is_postgres:
        pytest.skip("SQLite's single writer cannot hold a write open beside the app's")
    first, second = await _visit(world, "10:00"), await _visit(world, "11:00")
    sujin = await world.post("/api/companions", companion_body())
    writer = OutsideWriter(settings.database_url)
    await writer.begin()
    try:
        await writer._pg.execute(
            'INSERT INTO companion_assignment (created_at, updated_at, companion_id, visit_id, '
            'start, "end", live, sequence) VALUES (now(), now(), $1, $2, $3, $4, true, 0)',
            sujin["id"], first["id"], datetime.fromisoformat(at("09:00")),
            datetime.fromisoformat(at("12:00")))
        answer = asyncio.ensure_future(_put(world, second["id"], [
            {"companion_id": sujin["id"], "start": at("10:00"), "end": at("13:00")}]))
        await writer.until_someone_waits(answer)
        await writer.commit()
        response = await answer
    finally:
        await writer.close()

    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("companion_busy", "[0]")
    assert "이수진 님은" in error["message"]
    assert not await CompanionAssignment.filter(visit_id=second["id"]).exists()
    assert not await OutboxMessage.filter(to_email="sujin@interp.example.kr").exists()
