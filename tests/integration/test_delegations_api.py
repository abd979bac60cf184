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

    listed = (await client.get("/api/delegations", headers=officer)).json()["items"]

    assert [d["id"] for d in listed] == [second["id"], first["id"]]


PROTOCOL_MEMBERS = [
    {"family_name": "Sato", "given_name": "Hanako", "native_name": "佐藤花子",
     "title": "情報政策課長", "role": "member", "rank": 2, "languages": ["ja", "en"]},
    {"family_name": "Tanaka", "given_name": "Ichiro", "native_name": "田中一郎", "title": "市長",
     "role": "head", "rank": 1, "languages": ["ja"], "diet": "halal", "access": "wheelchair"},
    {"family_name": "Kim", "given_name": "", "title": "通訳", "role": "interpreter"},
    {"name": "Yamada Taro", "title": "記者", "head": False},
]


async def test_members_as_protocol_records_come_back_in_precedence_order(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = delegation_body(members=PROTOCOL_MEMBERS)

    response = await client.post("/api/delegations", json=body, headers=officer)

    assert response.status_code == 201, response.text
    members = response.json()["members"]
    assert [(m["name"], m["head"], m["role"], m["rank"]) for m in members] == [
        ("Ichiro Tanaka", True, "head", 1), ("Hanako Sato", False, "member", 2),
        ("Kim", False, "interpreter", None), ("Yamada Taro", False, "member", None)]
    assert members[0] == {
        "family_name": "Tanaka", "given_name": "Ichiro", "native_name": "田中一郎",
        "name": "Ichiro Tanaka", "title": "市長", "role": "head", "head": True, "rank": 1,
        "languages": ["ja"], "diet": "halal", "access": "wheelchair"}
    assert members[3]["family_name"] == "" and members[3]["languages"] == []


async def test_members_sent_bare_keep_what_was_recorded_of_them(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    """The delegation page's form edits names and titles only: a new title must not erase
    a member's native name, rank, role or diet."""
    created = (await client.post("/api/delegations", headers=officer,
                                 json=delegation_body(members=PROTOCOL_MEMBERS))).json()
    bare = [{"name": m["name"], "title": m["title"] + "!", "head": m["head"]}
            for m in sorted(created["members"], key=lambda m: m["name"])]

    changed = await client.patch(f"/api/delegations/{created['id']}", headers=officer,
                                 json={"members": bare})

    assert changed.status_code == 200, changed.text
    by_name = {m["name"]: m for m in changed.json()["members"]}
    assert by_name["Ichiro Tanaka"] | {"title": None} == created["members"][0] | {"title": None}
    assert by_name["Ichiro Tanaka"]["title"] == "市長!"
    assert by_name["Kim"]["role"] == "interpreter"
    assert [m["name"] for m in changed.json()["members"]] == [
        "Ichiro Tanaka", "Hanako Sato", "Kim", "Yamada Taro"]
