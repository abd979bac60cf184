"""Companion pages: the list and form (as hosts'), and the visit page's 동행 인력 section
that suggests free companions who fit and assigns them through the same service."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.builders import OFFICER, World, at, csrf_of, login
from tests.integration.test_pages_catalog import FormReader
from visits.models import Companion, CompanionAssignment, OutboxMessage


async def _korean_officer(client: httpx.AsyncClient) -> None:
    await login(client, *OFFICER)
    client.cookies.set("lang", "ko")


async def _form(client: httpx.AsyncClient, path: str) -> tuple[str, dict[str, Any]]:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    reader = FormReader()
    reader.feed(page.text)
    return page.text, reader.fields


async def test_an_interpreter_is_added_from_the_form_and_listed(
        client: httpx.AsyncClient, world: World) -> None:
    await _korean_officer(client)
    html, fields = await _form(client, "/companions/new")
    assert "동행 인력 등록" in html
    fields.update({"name.ko": "이수진", "name.en": "Lee Su-jin", "kind": "interpreter",
                   "email": "sujin@interp.example.kr", "languages": ["ko", "th"]})

    saved = await client.post("/companions/new", data={**fields, "csrf_token": csrf_of(html)})

    assert saved.status_code == 303, saved.text
    companion = await Companion.get(email="sujin@interp.example.kr")
    assert companion.languages == ["ko", "th"] and companion.kind == "interpreter"
    listing = (await client.get("/companions")).text
    assert "이수진" in listing and "통역" in listing and "태국어" in listing


async def test_a_vehicle_without_seats_is_refused_in_korean(
        client: httpx.AsyncClient, world: World) -> None:
    await _korean_officer(client)
    html, fields = await _form(client, "/companions/new")
    fields.update({"name.ko": "45인승 버스", "name.en": "Bus", "kind": "vehicle",
                   "languages": []})

    refused = await client.post("/companions/new", data={**fields, "csrf_token": csrf_of(html)})

    assert refused.status_code == 422
    assert "차량은 좌석 수를 적어야 합니다" in refused.text
    assert not await Companion.exists()


async def _thai_visit(world: World) -> dict[str, Any]:
    facility = await world.facility()
    await world.host([facility["id"]], "host1@example.kr")
    party = await world.delegation(language="th", name={"ko": "방콕시 대표단", "en": "Bangkok"})
    return await world.book(party, {"facility_id": facility["id"], "start": at("10:00")})


async def test_the_visit_page_suggests_a_free_interpreter_and_assigns_her(
        client: httpx.AsyncClient, world: World) -> None:
    visit = await _thai_visit(world)
    sujin = await world.post("/api/companions", {
        "name": {"ko": "이수진"}, "kind": "interpreter", "email": "sujin@interp.example.kr",
        "languages": ["ko", "th"],
        "weekly": [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]})
    await world.post("/api/companions", {
        "name": {"ko": "다나카"}, "kind": "interpreter", "languages": ["ko", "ja"],
        "weekly": [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]})
    await _korean_officer(client)

    page = (await client.get(f"/visits/{visit['id']}")).text
    assert "동행 인력" in page and "이수진" in page and "다나카" not in page
    added = await client.post(f"/visits/{visit['id']}/companions", data={
        "csrf_token": csrf_of(page), "companion_id": str(sujin["id"]), "date": "2027-03-09",
        "start": "09:30", "end": "12:00"})

    assert added.status_code == 303, added.text
    assignment = await CompanionAssignment.get(live=True)
    assert assignment.companion_id == sujin["id"]  # type: ignore[attr-defined]
    assert await OutboxMessage.filter(to_email="sujin@interp.example.kr").count() == 1
    shown = (await client.get(f"/visits/{visit['id']}")).text
    assert "09:30–12:00" in shown
    assert "동행 인력 변경" in shown and "이수진, 3월 9일 09:30–12:00" in shown


async def test_a_refused_assignment_is_said_in_korean_on_the_page(
        client: httpx.AsyncClient, world: World) -> None:
    visit = await _thai_visit(world)
    away = await world.post("/api/companions", {
        "name": {"ko": "이수진"}, "kind": "interpreter", "languages": ["ko", "th"],
        "weekly": [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]})
    await _korean_officer(client)
    page = (await client.get(f"/visits/{visit['id']}")).text

    refused = await client.post(f"/visits/{visit['id']}/companions", data={
        "csrf_token": csrf_of(page), "companion_id": str(away["id"]), "date": "2027-03-09",
        "start": "06:00", "end": "07:00"})

    assert refused.status_code == 409
    assert "이수진 님은" in refused.text and "동행 인력" in refused.text
    assert not await CompanionAssignment.exists()


async def test_removing_from_the_page_frees_the_companion(
        client: httpx.AsyncClient, world: World) -> None:
    visit = await _thai_visit(world)
    sujin = await world.post("/api/companions", {
        "name": {"ko": "이수진"}, "kind": "interpreter", "languages": ["ko", "th"],
        "weekly": [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]})
    response = await world.client.put(f"/api/visits/{visit['id']}/companions", json=[
        {"companion_id": sujin["id"], "start": at("09:00"), "end": at("12:00")}],
        headers=world.officer)
    await _korean_officer(client)
    page = (await client.get(f"/visits/{visit['id']}")).text

    removed = await client.post(
        f"/visits/{visit['id']}/companions/{response.json()[0]['id']}/remove",
        data={"csrf_token": csrf_of(page)})

    assert removed.status_code == 303
    assert not await CompanionAssignment.filter(live=True).exists()


async def test_a_vehicles_seats_are_changed_from_its_form(
        client: httpx.AsyncClient, world: World) -> None:
    bus = await world.post("/api/companions", {
        "name": {"ko": "45인승 버스", "en": "Bus"}, "kind": "vehicle", "seats": 45,
        "weekly": [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]})
    await _korean_officer(client)
    html, fields = await _form(client, f"/companions/{bus['id']}/edit")
    assert fields["kind"] == "vehicle" and fields["seats"] == "45"
    fields["seats"] = "28"

    saved = await client.post(f"/companions/{bus['id']}/edit",
                              data={**fields, "csrf_token": csrf_of(html)})

    assert saved.status_code == 303, saved.text
    assert (await Companion.get(id=bus["id"])).seats == 28
