"""The change log names people: officers by their name, host users by their host's name,
the e-mail only when no name is known, and "system" in words of the interface language.
The API's `actor` stays the e-mail; `actor_name` carries the name."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.integration.builders import HOST, OFFICER, World, at, login, sign_in
from visits.audit import record_change
from visits.services.accounts import create_user

NAMED = ("jieun.song@example.kr", "named-officer-1")
WHO = re.compile(r'<td data-label="(?:변경한 사람|Who)">(.*?)</td>', re.S)


async def _changed_by_everyone(world: World) -> int:
    """Booked by a named officer, accepted by the host's own account, cancelled by an
    officer without a name, then a change by nobody (the system)."""
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    await create_user(HOST[0], "host", HOST[1])
    await create_user(NAMED[0], "officer", NAMED[1], name="송지은")
    named, host = await sign_in(world.client, *NAMED), await sign_in(world.client, *HOST)
    delegation = await world.delegation()
    booked = await world.client.post("/api/visits", headers=named, json={
        "delegation_id": delegation["id"],
        "stops": [{"facility_id": cctv["id"], "start": at("10:00")}]})
    visit = booked.json()
    await world.client.post(f"/api/stops/{visit['stops'][0]['id']}/accept", headers=host)
    await world.client.post(f"/api/visits/{visit['id']}/cancel", headers=world.officer)
    await record_change(None, "visit", visit["id"], "cancel", visit_id=visit["id"])
    return int(visit["id"])


async def test_change_log_names_people_in_korean(
    client: httpx.AsyncClient, world: World
) -> None:
    visit_id = await _changed_by_everyone(world)
    await login(client, *NAMED)

    page = await client.get(f"/visits/{visit_id}")

    assert WHO.findall(page.text) == [
        f'<span title="{NAMED[0]}">송지은</span>', f'<span title="{HOST[0]}">김민수</span>',
        OFFICER[0], "시스템"]


async def test_change_log_names_people_in_english(
    client: httpx.AsyncClient, world: World
) -> None:
    visit_id = await _changed_by_everyone(world)
    await login(client, *NAMED)
    client.cookies.set("lang", "en")

    page = await client.get(f"/visits/{visit_id}")

    assert WHO.findall(page.text) == [
        f'<span title="{NAMED[0]}">송지은</span>', f'<span title="{HOST[0]}">Kim Minsu</span>',
        OFFICER[0], "system"]


async def test_history_api_keeps_the_email_and_adds_the_name(world: World) -> None:
    visit_id = await _changed_by_everyone(world)

    response = await world.client.get(f"/api/visits/{visit_id}/history", headers=world.officer)

    history: list[dict[str, Any]] = response.json()
    assert [(h["actor"], h["actor_name"]) for h in history] == [
        (NAMED[0], "송지은"), (HOST[0], {"ko": "김민수", "en": "Kim Minsu"}),
        (OFFICER[0], None), ("system", None)]
