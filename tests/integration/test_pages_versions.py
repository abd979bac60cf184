"""The officer's visit page and published versions: the version the delegation sees, the
changes not published yet, the "게시" (publish) button, every version with its changes,
and the change history — in Korean, and in English by choice."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx

from tests.integration.builders import HOST, OFFICER, World, at, csrf_of, login
from visits.models import OutboxMessage, VisitVersion

KIOSK = {"ko": "무인민원발급기", "en": "Civil-document kiosks"}


async def _visit(world: World, client: httpx.AsyncClient) -> dict[str, Any]:
    """The control center at 10:00 and the kiosks at 11:15; the officer signed in to the
    pages too."""
    cctv = await world.facility(buffer_min=0)
    kiosk = await world.facility(code="kiosk", kind="kiosk", buffer_min=0, name=KIOSK)
    await world.host([cctv["id"], kiosk["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")},
                             {"facility_id": kiosk["id"], "start": at("11:15")})
    await login(client, *OFFICER)
    return visit


async def _page(client: httpx.AsyncClient, visit: dict[str, Any]) -> str:
    page = await client.get(f"/visits/{visit['id']}")
    assert page.status_code == 200, page.text
    return page.text


def _section(page: str) -> str:
    start = page.index('<section class="card" id="versions"')
    return html.unescape(page[start:page.index("</section>", start)])


async def _press_publish(client: httpx.AsyncClient, visit: dict[str, Any]) -> httpx.Response:
    page = await _page(client, visit)
    return await client.post(f"/visits/{visit['id']}/publish",
                             data={"csrf_token": csrf_of(page)})


async def test_a_visit_never_published_says_so_and_offers_to_publish(
    client: httpx.AsyncClient, world: World
) -> None:
    visit = await _visit(world, client)

    shown = _section(await _page(client, visit))

    assert '<h2 id="versions-title">대표단에게 보이는 일정</h2>' in shown
    assert "아직 게시하지 않았습니다." in shown
    assert f'action="/visits/{visit["id"]}/publish"' in shown
    assert re.search(r'<button type="submit"[^>]*>게시</button>', shown)
    assert 'name="csrf_token"' in shown


async def test_publishing_from_the_page_shows_the_version_and_its_changes(
    client: httpx.AsyncClient, world: World
) -> None:
    visit = await _visit(world, client)

    response = await _press_publish(client, visit)
    page = await client.get(response.headers["location"])
    shown = _section(page.text)

    assert response.status_code == 303
    assert "게시했습니다: 버전 1." in html.unescape(page.text)
    assert "현재 게시 버전: 1" in shown
    assert "게시할 변경이 없습니다." in shown
    assert "버전 1 · " in shown and OFFICER[0] in shown
    assert "추가: 통합관제센터, 10:00" in shown and "추가: 무인민원발급기, 11:15" in shown
    assert len(await OutboxMessage.filter(visit_id=visit["id"], stop_id=None)) == 1


async def test_edits_not_published_are_listed_until_published(
    client: httpx.AsyncClient, world: World
) -> None:
    visit = await _visit(world, client)
    await _press_publish(client, visit)

    await world.client.patch(f"/api/visits/{visit['id']}/stops/{visit['stops'][1]['id']}",
                             json={"start": at("14:00")}, headers=world.officer)
    pending = _section(await _page(client, visit))
    await _press_publish(client, visit)
    published = _section(await _page(client, visit))

    assert "게시되지 않은 변경 있음" in pending
    assert "시간 변경: 무인민원발급기 11:15 → 14:00" in pending
    assert "현재 게시 버전: 1" in pending
    assert "게시되지 않은 변경 있음" not in published and "현재 게시 버전: 2" in published
    newest, oldest = published.index("버전 2 · "), published.index("버전 1 · ")
    assert newest < published.index("시간 변경: 무인민원발급기 11:15 → 14:00") < oldest


async def test_publishing_nothing_new_is_refused_in_words(
    client: httpx.AsyncClient, world: World
) -> None:
    visit = await _visit(world, client)
    await _press_publish(client, visit)

    response = await _press_publish(client, visit)
    page = html.unescape((await client.get(response.headers["location"])).text)

    assert response.status_code == 303
    assert '<p class="flash error" role="status">버전 1 이후 바뀐 내용이 없어 게시할 것이 ' \
           "없습니다.</p>" in page
    assert await VisitVersion.filter(visit_id=visit["id"]).count() == 1


async def test_a_publish_without_its_csrf_token_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    visit = await _visit(world, client)

    response = await client.post(f"/visits/{visit['id']}/publish", data={})

    assert response.status_code == 403
    assert await VisitVersion.all().count() == 0


async def test_the_change_history_names_the_published_version(
    client: httpx.AsyncClient, world: World
) -> None:
    visit = await _visit(world, client)
    await _press_publish(client, visit)

    page = html.unescape(await _page(client, visit))
    history = page[page.index('id="history-title"'):]

    assert "버전 게시" in history
    assert "<div>버전 1</div>" in history and "<div>추가: 통합관제센터, 10:00</div>" in history


async def test_the_english_interface_says_the_same(
    client: httpx.AsyncClient, world: World
) -> None:
    visit = await _visit(world, client)
    await _press_publish(client, visit)
    await world.client.patch(f"/api/visits/{visit['id']}/stops/{visit['stops'][1]['id']}",
                             json={"start": at("14:00")}, headers=world.officer)
    page = await _page(client, visit)
    await client.post("/language", data={"lang": "en", "csrf_token": csrf_of(page),
                                         "next": f"/visits/{visit['id']}"})

    shown = _section(await _page(client, visit))

    assert "Published version: 1" in shown and "Unpublished changes" in shown
    assert "Moved: Civil-document kiosks 11:15 → 14:00" in shown
    assert "Added: Integrated Control Center, 10:00" in shown
    assert re.search(r'<button type="submit"[^>]*>Publish</button>', shown)
