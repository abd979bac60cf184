"""Hosts: creation, linking to a user account, and who may change availability."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.builders import HOST, facility_body, host_body, sign_in
from visits.models import AuditEvent
from visits.services.accounts import create_user

WEEKDAYS_10_TO_16 = [{"weekday": d, "start": "10:00", "end": "16:00"} for d in range(5)]
TIME_OFF = [{"start": "2027-03-02T09:00:00+09:00", "end": "2027-03-02T18:00:00+09:00"}]


async def _host(client: httpx.AsyncClient, officer: dict[str, str], facility_id: int,
                **overrides: Any) -> dict[str, Any]:
    body = host_body([facility_id])
    body.update(overrides)
    response = await client.post("/api/hosts", json=body, headers=officer)
    assert response.status_code == 201, response.text
    return response.json()


async def test_host_create_links_facilities(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    host = await _host(client, officer, facility["id"], time_off=TIME_OFF)

    fetched = (await client.get(f"/api/facilities/{facility['id']}", headers=officer)).json()
    assert fetched["host_ids"] == [host["id"]]
    assert host["facility_ids"] == [facility["id"]]
    assert host["time_off"][0]["start"].startswith("2027-03-02T00:00:00")


async def test_host_create_with_unknown_facility_is_422_and_creates_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    response = await client.post(
        "/api/hosts", json=host_body([facility["id"], 999_999]), headers=officer
    )

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "facility_ids[1]"
    assert (await client.get("/api/hosts", headers=officer)).json() == []


async def test_host_duplicate_email_is_409(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    await _host(client, officer, facility["id"])

    response = await client.post(
        "/api/hosts", json=host_body([facility["id"]], email=HOST[0].upper()), headers=officer
    )

    assert response.status_code == 409


async def test_host_user_edits_own_availability_only(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    mine = await _host(client, officer, facility["id"])
    other = await _host(client, officer, facility["id"], email="other@example.kr")
    await create_user(HOST[0], "host", HOST[1])
    me = await sign_in(client, *HOST)
    body = {"weekly": WEEKDAYS_10_TO_16, "time_off": TIME_OFF}

    own = await client.put(f"/api/hosts/{mine['id']}/availability", json=body, headers=me)
    theirs = await client.put(f"/api/hosts/{other['id']}/availability", json=body, headers=me)

    assert own.status_code == 200
    assert own.json()["weekly"] == WEEKDAYS_10_TO_16
    assert theirs.status_code == 403
    untouched = (await client.get(f"/api/hosts/{other['id']}", headers=officer)).json()
    assert untouched["weekly"] == host_body([])["weekly"]


async def test_host_account_created_before_host_gets_linked(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    await create_user(HOST[0], "host", HOST[1])
    host = await _host(client, officer, facility["id"])
    me = await sign_in(client, *HOST)

    listed = (await client.get("/api/hosts", headers=me)).json()

    assert [h["id"] for h in listed] == [host["id"]]


async def test_availability_change_is_audited(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    host = await _host(client, officer, facility["id"])

    await client.put(f"/api/hosts/{host['id']}/availability",
                     json={"weekly": WEEKDAYS_10_TO_16}, headers=officer)

    event = await AuditEvent.get(entity="host", entity_id=host["id"], action="availability")
    assert event.actor_email == "officer@example.kr"
    assert event.before["weekly"][0]["start"] == "09:00"
    assert event.after["weekly"][0]["start"] == "10:00"


async def test_host_retired_facility_drops_from_links(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    second = (await client.post("/api/facilities", json=facility_body(code="kiosk"),
                                headers=officer)).json()
    host = await _host(client, officer, facility["id"], facility_ids=[facility["id"], second["id"]])

    await client.delete(f"/api/facilities/{second['id']}", headers=officer)

    fetched = (await client.get(f"/api/hosts/{host['id']}", headers=officer)).json()
    assert fetched["facility_ids"] == [facility["id"]]
