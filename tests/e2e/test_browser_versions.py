"""Published versions in a real Chromium: the visitor page of a later version says what
moved, in Japanese and in Arabic beside Korean, on a phone; the officer's visit page
lists the unpublished change and publishes it with its button. axe-core audits each
page; screenshots go to test-artifacts/screenshots/versions-*.png."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.browser import (
    DEMO_OFFICER,
    DESKTOP,
    PHONE,
    PageFactory,
    api_client,
    assert_no_horizontal_scroll,
    axe_violations,
    book_demo_visit,
    login,
    screenshot,
    share_url,
)
from tests.e2e.servers import Server

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow


async def _move_to_another_slot(api: httpx.AsyncClient, visit: dict[str, Any]) -> None:
    """The visit's only stop to the next free start at least an hour later."""
    stop = visit["stops"][0]
    day = stop["start"][:10]
    slots = (await api.get(f"/api/facilities/{stop['facility_id']}/slots", params={
        "from": day, "to": day, "party_size": stop["party_size"]})).json()["slots"]
    later = [s for s in slots if s["start"] >= stop["end"]]
    assert later, f"no later slot on {day}"
    answer = await api.patch(f"/api/visits/{visit['id']}/stops/{stop['id']}",
                             json={"start": later[0]["start"]})
    assert answer.status_code == 200, answer.text
    visit["stops"][0] = answer.json()["stops"][0]


async def test_visitors_read_what_moved_and_the_officer_publishes_from_the_page(
    page_at: PageFactory, live_app: Server
) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        visit = await book_demo_visit(api)
        visitor_url = await share_url(api, visit["id"])  # version 1
        await _move_to_another_slot(api, visit)
        published = await api.post(f"/api/visits/{visit['id']}/publish")
        assert published.status_code == 201, published.text
        await _move_to_another_slot(api, visit)  # edited again, not published
    phone, desktop = await page_at(PHONE, locale="ja-JP"), await page_at(DESKTOP)
    found = {}

    await phone.goto(visitor_url)
    japanese = await phone.locator("section.changes").inner_text()
    found["visitor-ja"] = await axe_violations(phone)
    await assert_no_horizontal_scroll(phone)
    await screenshot(phone, "versions-visitor-ja-phone")
    await phone.goto(visitor_url + "?lang=ar")
    arabic = phone.locator('section.changes .change-box[lang="ar"]')
    found["visitor-ar"] = await axe_violations(phone)
    await assert_no_horizontal_scroll(phone)
    await screenshot(phone, "versions-visitor-ar-phone")

    await login(desktop, *DEMO_OFFICER)
    await desktop.goto(f"/visits/{visit['id']}")
    versions = desktop.get_by_role("region", name="대표단에게 보이는 일정")
    pending = await versions.inner_text()
    found["visit-page"] = await axe_violations(desktop)
    await screenshot(desktop, "versions-visit-page-pending")
    async with desktop.expect_navigation():
        await versions.get_by_role("button", name="게시").click()
    after = await desktop.get_by_role("region", name="대표단에게 보이는 일정").inner_text()
    found["visit-page-published"] = await axe_violations(desktop)
    await screenshot(desktop, "versions-visit-page-published")

    assert "バージョン1からの変更点" in japanese and "時間変更：" in japanese
    assert "버전 1 이후 변경 사항" in japanese and "시간 변경: " in japanese
    assert await arabic.get_attribute("dir") == "rtl"
    assert "تغيّر الموعد" in await arabic.inner_text()
    assert "게시되지 않은 변경 있음" in pending and "현재 게시 버전: 2" in pending
    assert "현재 게시 버전: 3" in after and "게시되지 않은 변경 있음" not in after
    assert "게시했습니다: 버전 3." in await desktop.get_by_role("status").first.inner_text()
    assert {name: v for name, v in found.items() if v} == {}
