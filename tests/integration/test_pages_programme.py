"""The visit page's programme (SPEC §7.4): the day in time order, and the forms that add,
move and remove items without JavaScript, in Korean."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.builders import DAY, HOST, OFFICER, World, at, csrf_of, login

LUNCH = {"kind": "meal", "title": "오찬", "date": DAY, "start": "12:00", "end": "13:00",
         "place": "한식당 고향집", "address": "서울 구로구 디지털로 300",
         "lat": "37.4853", "lon": "126.9014", "notes": "채식 2인분"}


async def _visit(world: World, client: httpx.AsyncClient) -> tuple[dict[str, Any], str]:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")})
    await login(client, *OFFICER)
    page = await client.get(f"/visits/{visit['id']}")
    return visit, csrf_of(page.text)


async def _items(world: World, visit_id: int) -> list[dict[str, Any]]:
    response = await world.client.get(f"/api/visits/{visit_id}/items", headers=world.officer)
    return response.json()  # type: ignore[no-any-return]


async def test_a_meal_added_on_the_page_shows_in_time_order(client: httpx.AsyncClient,
                                                            world: World) -> None:
    visit, csrf = await _visit(world, client)

    added = await client.post(f"/visits/{visit['id']}/items",
                              data={**LUNCH, "csrf_token": csrf})
    page = await client.get(f"/visits/{visit['id']}")

    assert added.status_code == 303 and added.headers["location"].endswith("#programme")
    (lunch,) = await _items(world, visit["id"])
    assert lunch["title"] == {"ko": "오찬"} and lunch["place"] == {"ko": "한식당 고향집"}
    assert (lunch["lat"], lunch["start"]) == (37.4853, at("12:00"))
    assert "일정 항목을 추가했습니다." in page.text
    programme = page.text[page.text.index('id="programme"'):]
    assert programme.index("통합관제센터") < programme.index("오찬")
    assert "식사" in programme and "한식당 고향집" in programme


async def test_an_item_over_a_stop_shows_the_form_again_with_the_reason(
        client: httpx.AsyncClient, world: World) -> None:
    visit, csrf = await _visit(world, client)

    refused = await client.post(f"/visits/{visit['id']}/items",
                                data={**LUNCH, "start": "10:30", "csrf_token": csrf})

    assert refused.status_code == 409
    assert "일정 항목을 바꾸지 못했습니다" in refused.text
    assert 'id="item-start" name="start" type="time" step="300" value="10:30"' in refused.text
    assert 'aria-describedby="item-start-error"' in refused.text
    assert "‘오찬’ 일정" in refused.text and "통합관제센터" in refused.text
    assert 'value="한식당 고향집"' in refused.text
    assert await _items(world, visit["id"]) == []


async def test_bad_item_forms_are_refused_beside_the_field(client: httpx.AsyncClient,
                                                           world: World) -> None:
    visit, csrf = await _visit(world, client)
    path = f"/visits/{visit['id']}/items"

    no_title = await client.post(path, data={**LUNCH, "title": "", "csrf_token": csrf})
    no_time = await client.post(path, data={**LUNCH, "end": "", "csrf_token": csrf})
    half_place = await client.post(path, data={**LUNCH, "lon": "", "csrf_token": csrf})
    no_csrf = await client.post(path, data=LUNCH)

    assert no_title.status_code == 422 and 'id="item-title-error"' in no_title.text
    assert no_time.status_code == 422 and 'id="item-end-error"' in no_time.text
    assert half_place.status_code == 422 and 'id="item-lon-error"' in half_place.text
    assert no_csrf.status_code in (400, 403)
    assert await _items(world, visit["id"]) == []


async def test_an_item_is_moved_and_removed_on_the_page(client: httpx.AsyncClient,
                                                        world: World) -> None:
    visit, csrf = await _visit(world, client)
    await client.post(f"/visits/{visit['id']}/items", data={**LUNCH, "csrf_token": csrf})
    (lunch,) = await _items(world, visit["id"])
    one = f"/visits/{visit['id']}/items/{lunch['id']}"

    blocked = await client.post(one, data={"date": DAY, "start": "10:30", "end": "11:00",
                                           "csrf_token": csrf})
    moved = await client.post(one, data={"date": DAY, "start": "12:30", "end": "13:30",
                                         "csrf_token": csrf})
    after_move = await _items(world, visit["id"])
    removed = await client.post(one + "/remove", data={"csrf_token": csrf})

    assert blocked.status_code == 409
    assert f'id="item-{lunch["id"]}-start-error"' in blocked.text
    assert moved.status_code == 303
    assert after_move[0]["start"] == at("12:30")
    assert after_move[0]["place"] == {"ko": "한식당 고향집"}
    assert removed.status_code == 303 and await _items(world, visit["id"]) == []
