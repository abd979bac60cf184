"""Facilities through the HTTP contract: create, list, change, retire."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.builders import facility_body, host_body


async def test_facility_create_returns_it_with_defaults(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    response = await client.post("/api/facilities", json=facility_body(), headers=officer)

    assert response.status_code == 201
    created = response.json()
    assert created["id"] > 0
    assert created["name"]["ja"] == "統合管制センター"
    assert created["open_hours"] == [
        {"weekday": d, "start": "09:00", "end": "18:00"} for d in range(5)
    ]
    listed = (await client.get("/api/facilities", headers=officer)).json()
    assert [f["id"] for f in listed] == [created["id"]]


async def test_facility_create_keeps_hours_and_closures(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = facility_body(
        open_hours=[{"weekday": 0, "start": "09:00", "end": "12:00"},
                    {"weekday": 0, "start": "13:00", "end": "18:00"}],
        closures=[{"start": "2027-01-04T00:00:00+09:00", "end": "2027-01-05T00:00:00+09:00",
                   "reason": "신년 점검"}],
    )

    created = (await client.post("/api/facilities", json=body, headers=officer)).json()
    fetched = (await client.get(f"/api/facilities/{created['id']}", headers=officer)).json()

    assert fetched["open_hours"] == body["open_hours"]
    assert fetched["closures"][0]["reason"] == "신년 점검"
    assert fetched["closures"][0]["start"].startswith("2027-01-03T15:00:00")


async def test_facility_duplicate_code_is_409(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    response = await client.post("/api/facilities", json=facility_body(), headers=officer)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate_code"
    assert len((await client.get("/api/facilities", headers=officer)).json()) == 1


async def test_facility_patch_changes_only_given_fields(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    response = await client.patch(
        f"/api/facilities/{facility['id']}", json={"capacity": 35}, headers=officer
    )

    assert response.status_code == 200
    assert response.json()["capacity"] == 35
    assert response.json()["name"] == facility["name"]


async def test_facility_delete_retires_it_and_frees_the_code(
    client: httpx.AsyncClient, officer: dict[str, str], facility: dict[str, Any]
) -> None:
    response = await client.delete(f"/api/facilities/{facility['id']}", headers=officer)

    assert response.status_code == 204
    gone = await client.get(f"/api/facilities/{facility['id']}", headers=officer)
    assert gone.status_code == 404
    again = await client.post("/api/facilities", json=facility_body(), headers=officer)
    assert again.status_code == 201


async def test_facility_plain_string_address_round_trips(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = facility_body(address="서울 구로구 가마산로 245")

    created = (await client.post("/api/facilities", json=body, headers=officer)).json()

    assert created["address"] == "서울 구로구 가마산로 245"


async def test_facility_list_gives_what_each_facility_gives(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    """The list is read with plain queries (issue 15), each facility as fetched alone:
    closures in order, hosts, text sent as a bare string, no retired facility."""
    first = (await client.post("/api/facilities", json=facility_body(
        code="a", description="설명만", closures=[
            {"start": "2027-02-01T00:00:00+09:00", "end": "2027-02-02T00:00:00+09:00",
             "reason": "둘째"},
            {"start": "2027-01-04T09:00:00+09:00", "end": "2027-01-05T00:00:00+09:00"}]),
        headers=officer)).json()
    second = (await client.post("/api/facilities", json=facility_body(code="b", lat=None),
                                headers=officer)).json()
    retired = (await client.post("/api/facilities", json=facility_body(code="c"),
                                 headers=officer)).json()
    for n, ids in enumerate(([first["id"], second["id"]], [second["id"]], [retired["id"]])):
        made = await client.post("/api/hosts", json=host_body(
            ids, email=f"host{n}@example.kr"), headers=officer)
        assert made.status_code == 201
    await client.delete(f"/api/facilities/{retired['id']}", headers=officer)

    listed = (await client.get("/api/facilities", headers=officer)).json()

    alone = [(await client.get(f"/api/facilities/{i}", headers=officer)).json()
             for i in (first["id"], second["id"])]
    assert listed == alone
    assert [c["reason"] for c in listed[0]["closures"]] == ["", "둘째"]
    assert listed[0]["description"] == "설명만"
    assert len(listed[0]["host_ids"]) == 1 and len(listed[1]["host_ids"]) == 2
