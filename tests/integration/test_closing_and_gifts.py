"""Closing a visit after its day, and the gifts register (SPEC §7.6), over HTTP."""

from __future__ import annotations

import csv
import io
import re

import httpx

from tests.integration.after_visit import days_ago, move_visit, past_visit
from tests.integration.builders import OFFICER, World, csrf_of, login
from visits.models import Stop, Visit


async def test_closing_before_the_day_is_409_and_changes_nothing(world: World) -> None:
    visit = await past_visit(world)
    await move_visit(visit["id"], days_ago(-1))
    stop = visit["stops"][0]["id"]

    refused = await world.client.post(
        f"/api/visits/{visit['id']}/close", headers=world.officer,
        json={"attendance": [{"stop_id": stop, "count": 7}], "notes": "좋았음"})

    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "visit_not_yet"
    assert (await Visit.get(id=visit["id"])).closed_at is None
    assert (await Stop.get(id=stop)).attendance is None


async def test_closing_saves_attendance_and_completes_the_visit(world: World) -> None:
    visit = await past_visit(world)
    first, second = (s["id"] for s in visit["stops"])

    closed = await world.post(f"/api/visits/{visit['id']}/close", {
        "attendance": [{"stop_id": first, "count": 7}, {"stop_id": second, "count": 6}],
        "notes": "구청장 예방 후 관제센터 견학"}, status=200)

    assert closed["status"] == "completed"
    assert closed["closing_notes"] == "구청장 예방 후 관제센터 견학"
    assert closed["closed_at"] is not None
    assert [s["attendance"] for s in closed["stops"]] == [7, 6]
    again = await world.client.get(f"/api/visits/{visit['id']}", headers=world.officer)
    assert again.json()["status"] == "completed"


async def test_closing_refuses_a_stop_of_another_visit(world: World) -> None:
    visit = await past_visit(world)
    refused = await world.client.post(
        f"/api/visits/{visit['id']}/close", headers=world.officer,
        json={"attendance": [{"stop_id": 999_999, "count": 1}]})
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "attendance[0].stop_id"


async def test_received_gift_at_the_threshold_is_flagged_and_given_is_not(world: World) -> None:
    visit = await past_visit(world)
    path = f"/api/visits/{visit['id']}/gifts"

    vase = await world.post(path, {"direction": "received", "description": "도자기 꽃병",
                                   "giver": "Mayor of Chiba", "recipient": "구청장",
                                   "value_krw": 100_000})
    pen = await world.post(path, {"direction": "received", "description": "Pen",
                                  "giver": "Delegate", "recipient": "의전팀", "value_krw": 99_999})
    given = await world.post(path, {"direction": "given", "description": "나전칠기 보석함",
                                    "giver": "구청장", "recipient": "Mayor of Chiba",
                                    "value_krw": 500_000})

    assert [vase["report_required"], pen["report_required"], given["report_required"]] == [
        True, False, False]
    assert vase["date"] == days_ago(2).date().isoformat()


async def test_gifts_list_pages_with_a_cursor(world: World) -> None:
    visit = await past_visit(world)
    for n in range(5):
        await world.post(f"/api/visits/{visit['id']}/gifts", {
            "direction": "given", "description": f"Gift {n}", "giver": "구청장",
            "recipient": "Guest"})
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await world.client.get("/api/gifts", params=params,
                                       headers=world.officer)).json()
        seen += [g["description"] for g in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == [f"Gift {n}" for n in range(5)]
    bad = await world.client.get("/api/gifts", params={"cursor": "nonsense"},
                                 headers=world.officer)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "cursor"
    too_many = await world.client.get("/api/gifts", params={"limit": 201},
                                      headers=world.officer)
    assert too_many.status_code == 422


async def test_gifts_csv_neutralises_formulas_and_flags_reports(world: World) -> None:
    visit = await past_visit(world)
    await world.post(f"/api/visits/{visit['id']}/gifts", {
        "direction": "received", "description": "=HYPERLINK(\"http://evil\")",
        "giver": "+cmd", "recipient": "@SUM(A1)", "value_krw": 250_000})

    response = await world.client.get("/api/gifts.csv", headers=world.officer)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["번호", "방문 번호", "날짜", "구분"]
    assert rows[1][3] == "받음"
    assert rows[1][6:9] == ["'=HYPERLINK(\"http://evil\")", "'+cmd", "'@SUM(A1)"]
    assert rows[1][9:] == ["250000", "신고 필요"]


async def test_gifts_need_an_officer(world: World, client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/gifts")).status_code == 401


async def test_visit_page_closes_the_visit_and_flags_gifts_in_korean(
    world: World, client: httpx.AsyncClient
) -> None:
    visit = await past_visit(world)
    first, second = (s["id"] for s in visit["stops"])
    await world.post(f"/api/visits/{visit['id']}/gifts", {
        "direction": "received", "description": "도자기 꽃병", "giver": "Mayor of Chiba",
        "recipient": "구청장", "value_krw": 150_000})
    await login(client, *OFFICER)
    dashboard = await client.get("/dashboard")
    assert "마무리를 기다리는 방문 (1)" in dashboard.text

    page = await client.get(f"/visits/{visit['id']}")
    assert "방문 마무리" in page.text and "신고 필요" in page.text
    closed = await client.post(f"/visits/{visit['id']}/close", data={
        "csrf_token": csrf_of(page.text), f"attendance-{first}": "7",
        f"attendance-{second}": "5", "notes": "만족도 높음"})

    assert closed.status_code == 303
    assert [s.attendance for s in await Stop.filter(visit_id=visit["id"]).order_by("start")
            ] == [7, 5]
    after = await client.get(f"/visits/{visit['id']}")
    assert "완료" in after.text and "만족도 높음" in after.text
    assert "마무리를 기다리는 방문" not in (await client.get("/dashboard")).text


async def test_visit_page_shows_when_closing_opens_for_a_future_visit(
    world: World, client: httpx.AsyncClient
) -> None:
    visit = await past_visit(world)
    await move_visit(visit["id"], days_ago(-3))
    await login(client, *OFFICER)
    page = await client.get(f"/visits/{visit['id']}")
    assert "부터 방문을 마무리할 수 있습니다" in page.text
    assert f'action="/visits/{visit["id"]}/close"' not in page.text


async def test_gifts_register_page_flags_and_pages(world: World, client: httpx.AsyncClient
                                                   ) -> None:
    visit = await past_visit(world)
    for n in range(3):
        await world.post(f"/api/visits/{visit['id']}/gifts", {
            "direction": "received", "description": f"선물 {n}", "giver": "Guest",
            "recipient": "구청장", "value_krw": 100_000 * n})
    await login(client, *OFFICER)

    first = await client.get("/gifts", params={"limit": 2})
    assert first.status_code == 200
    assert "선물 0" in first.text and "선물 1" in first.text and "선물 2" not in first.text
    assert first.text.count("<strong class=\"badge needs_attention\">신고 필요") == 1
    cursor = re.search(r'cursor=([^"]+)"', first.text)
    assert cursor
    second = await client.get(f"/gifts?limit=2&cursor={cursor.group(1)}")
    assert "선물 2" in second.text and "선물 0" not in second.text
    download = await client.get("/gifts.csv")
    assert download.status_code == 200 and "신고 필요" in download.content.decode("utf-8-sig")
    assert (await client.get("/gifts", params={"limit": "x"})).status_code == 422
