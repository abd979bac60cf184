"""Delegations: recorded with members in their own scripts."""

from __future__ import annotations

import httpx

from tests.integration.builders import delegation_body


async def test_delegation_create_keeps_members_in_order_and_script(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    response = await client.post("/api/delegations", json=delegation_body(), headers=officer)

    assert response.status_code == 201
    created = response.json()
    assert [m["name"] for m in created["members"]] == ["田中一郎", "佐藤花子"]
    assert created["members"][0]["head"] is True
    fetched = (await client.get(f"/api/delegations/{created['id']}", headers=officer)).json()
    assert fetched == created


async def test_delegation_language_tag_is_canonicalised(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = delegation_body(language="zh-hans", country="cn")

    created = (await client.post("/api/delegations", json=body, headers=officer)).json()

    assert created["language"] == "zh-Hans"
    assert created["country"] == "CN"


async def test_delegation_arabic_name_is_accepted_and_kept(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = delegation_body(
        name={"ar": "وفد مدينة دبي", "ko": "두바이 대표단", "en": "Dubai delegation"},
        language="ar", country="AE",
        members=[{"name": "محمد أحمد", "title": "مدير", "head": True}],
    )

    created = (await client.post("/api/delegations", json=body, headers=officer)).json()

    assert created["name"]["ar"] == "وفد مدينة دبي"
    assert created["members"][0]["name"] == "محمد أحمد"


async def test_delegations_list_newest_first(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    first = (await client.post("/api/delegations", json=delegation_body(), headers=officer)).json()
    second = (await client.post("/api/delegations", json=delegation_body(city="Osaka"),
                                headers=officer)).json()

    listed = (await client.get("/api/delegations", headers=officer)).json()

    assert [d["id"] for d in listed] == [second["id"], first["id"]]
