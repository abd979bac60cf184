"""Personal data of members and contacts is erased RETENTION_DAYS after the visit (issue 12,
point 2), by `python -m visits purge-personal-data`; statistics stay the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.integration.builders import DAY, HOST, World, at, request_body, run_cli
from visits.models import (
    AuditEvent,
    Delegation,
    DelegationMember,
    OutboxMessage,
    RequestNote,
    Stop,
    VisitRequest,
)
from visits.services.retention import purge_personal_data
from visits.services.stats import year_figures
from visits.settings import Settings

LATER_DAY = "2028-03-07"  # a Tuesday a year after DAY
# RETENTION_DAYS (365) after this, DAY's visit is old and LATER_DAY's is not.
NOW = datetime(2029, 3, 1, tzinfo=UTC)


async def visit_from_request(world: World, facility: dict[str, Any], day: str,
                             **overrides: Any) -> dict[str, Any]:
    """A request for `day`, its delegation, and a visit that day."""
    response = await world.client.post("/api/requests", json=request_body(dates=[day],
                                                                            **overrides))
    assert response.status_code == 201, response.text
    request_id = response.json()["id"]
    await RequestNote.create(request_id=request_id, author="contact", text="Move it, 佐藤")
    delegation = await world.post(f"/api/requests/{request_id}/delegation", {})
    await world.book(delegation, {"facility_id": facility["id"], "start": at("10:00", day)})
    return {"request_id": request_id, **delegation}


async def statistics(settings: Settings) -> list[Any]:
    return [await year_figures(settings, year) for year in (2027, 2028)]


async def test_old_visits_lose_personal_data_and_statistics_stay(
    world: World, settings: Settings
) -> None:
    facility = await world.facility(capacity=100)
    await world.host([facility["id"]], HOST[0])
    old = await visit_from_request(world, facility, DAY)
    recent = await visit_from_request(world, facility, LATER_DAY,
                                      contact={"name": "Kim", "email": "kim@example.jp"})
    figures = await statistics(settings)

    erased = await purge_personal_data(settings, now=NOW)

    assert (erased.delegations, erased.members, erased.requests) == (1, 3, 1)
    assert await statistics(settings) == figures
    members = await DelegationMember.filter(delegation_id=old["id"]).order_by("position")
    assert [(m.name, m.family_name, m.native_name, m.diet, m.access, m.role, m.title)
            for m in members] == [
        ("Member 2", "", "", "", "", "member", "情報政策課長"),
        ("Member 1", "", "", "", "", "head", "市長"),
        ("Member 3", "", "", "", "", "interpreter", "通訳")]
    assert [m.languages for m in members] == [["ja", "en"], ["ja"], ["ja", "ko"]]
    delegation = await Delegation.get(id=old["id"])
    assert (delegation.contact_name, delegation.contact_email, delegation.notes) == ("", "", "")
    assert (delegation.country, delegation.size, delegation.name) == ("JP", 12, old["name"])
    request = await VisitRequest.get(id=old["request_id"])
    assert (request.contact_name, request.contact_email, request.contact_phone,
            request.notes) == ("", "", "", "")
    assert [m["name"] for m in request.members] == ["Member 2", "Member 1", "Member 3"]
    assert all(m["native_name"] == m["diet"] == "" for m in request.members)
    assert (request.dates, request.interests, request.size) == ([DAY], ["control_center"], 12)
    assert not await RequestNote.filter(request_id=old["request_id"]).exists()
    audit = await AuditEvent.filter(entity="delegation", entity_id=old["id"]).first()
    assert audit is not None and "佐藤" not in str(audit.after) and "sato@" not in str(audit.after)
    assert not await OutboxMessage.filter(to_email="sato@city.example.jp").exists()
    assert await OutboxMessage.filter(to_email="kim@example.jp").exists()
    kept = await DelegationMember.filter(delegation_id=recent["id"]).order_by("position")
    assert [m.name for m in kept] == ["Hanako Sato", "Ichiro Tanaka", "Ken Suzuki"]
    assert (await VisitRequest.get(id=recent["request_id"])).contact_email == "kim@example.jp"


async def test_the_purge_is_idempotent(world: World, settings: Settings) -> None:
    facility = await world.facility(capacity=100)
    await world.host([facility["id"]], HOST[0])
    await visit_from_request(world, facility, DAY)
    await purge_personal_data(settings, now=NOW)
    members = await DelegationMember.all().values_list("name", flat=True)

    again = await purge_personal_data(settings, now=NOW + timedelta(days=30))

    assert (again.delegations, again.members, again.requests) == (0, 0, 0)
    assert await DelegationMember.all().values_list("name", flat=True) == members


async def test_the_command_erases_what_ended_a_retention_period_ago_and_says_so_in_korean(
    world: World, settings: Settings
) -> None:
    facility = await world.facility(capacity=100)
    await world.host([facility["id"]], HOST[0])
    old = await visit_from_request(world, facility, DAY)
    three_years = timedelta(days=3 * 365)
    for stop in await Stop.all():  # as if the visit had been three years ago
        await Stop.filter(id=stop.id).update(start=stop.start - three_years,
                                             end=stop.end - three_years,
                                             occupied_until=stop.occupied_until - three_years)
    await Delegation.all().update(created_at=datetime.now(UTC) - three_years)
    await VisitRequest.all().update(dates=["2024-03-12"],
                                    created_at=datetime.now(UTC) - three_years)
    figures = [await year_figures(settings, year) for year in (2024, 2027)]

    status, output = await run_cli(settings, "purge-personal-data")
    again_status, again = await run_cli(settings, "purge-personal-data")

    assert status == again_status == 0, output
    assert "개인정보를 지웠습니다. 대표단 1곳(구성원 3명), 견학 요청 1건." in output
    assert "보존 기간 365일" in output and "지울 개인정보가 없습니다" in again
    assert [await year_figures(settings, year) for year in (2024, 2027)] == figures
    names = await DelegationMember.filter(delegation_id=old["id"]).values_list("name", flat=True)
    assert sorted(names) == ["Member 1", "Member 2", "Member 3"]
