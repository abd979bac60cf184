"""The officer's list of requests a page at a time (SPEC §7.9): new ones first, then the
others, newest first within each; `next` leads on, and a request arriving between two pages
neither repeats nor hides one."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.builders import World, request_body


async def submit(client: httpx.AsyncClient, city: str) -> int:
    response = await client.post("/api/requests", json=request_body(city=city))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def page(world: World, **params: Any) -> dict[str, Any]:
    response = await world.client.get("/api/requests", params=params, headers=world.officer)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def every_page(world: World, **params: Any) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        shown = await page(world, **params, **({"cursor": cursor} if cursor else {}))
        pages.append([item["id"] for item in shown["items"]])
        cursor = shown["next"]
        if cursor is None:
            return pages


async def decline(world: World, request_id: int) -> None:
    response = await world.client.post(f"/api/requests/{request_id}/decline",
                                       json={"reason": "no"}, headers=world.officer)
    assert response.status_code == 200, response.text


async def test_new_requests_come_first_then_the_others_newest_first(world: World) -> None:
    ids = [await submit(world.client, f"City {i}") for i in range(5)]
    await decline(world, ids[1])
    await decline(world, ids[3])

    assert await every_page(world, limit=2) == [[ids[4], ids[2]], [ids[0], ids[3]], [ids[1]]]
    assert await every_page(world) == [[ids[4], ids[2], ids[0], ids[3], ids[1]]]
    assert await every_page(world, status="declined", limit=1) == [[ids[3]], [ids[1]]]
    assert await every_page(world, status="new", limit=2) == [[ids[4], ids[2]], [ids[0]]]


async def test_a_request_arriving_between_two_pages_shifts_nothing(world: World) -> None:
    ids = [await submit(world.client, f"City {i}") for i in range(5)]
    await decline(world, ids[0])
    first = await page(world, limit=2)

    newcomer = await submit(world.client, "Late City")
    rest = await page(world, limit=2, cursor=first["next"])
    last = await page(world, limit=2, cursor=rest["next"])

    shown = [i["id"] for p in (first, rest, last) for i in p["items"]]
    assert shown == [ids[4], ids[3], ids[2], ids[1], ids[0]]
    assert newcomer not in shown and last["next"] is None
    assert (await page(world, limit=1))["items"][0]["id"] == newcomer


async def test_limits_and_cursors_out_of_bounds_are_422(world: World) -> None:
    await submit(world.client, "Osaka")
    for params, field in [({"limit": 0}, "limit"), ({"limit": 201}, "limit"),
                          ({"limit": "many"}, "limit"), ({"cursor": "not-ours"}, "cursor"),
                          ({"cursor": "MTo5OTk5OTk5OTk5OTk"}, "cursor"),
                          ({"status": "lost"}, "status")]:
        response = await world.client.get("/api/requests", params=params, headers=world.officer)
        assert response.status_code == 422, params
        assert response.json()["error"]["field"] == field

    assert len((await page(world, limit=200, cursor=""))["items"]) == 1
