"""The programme in a real Chromium (SPEC §7.4): the officer adds a lunch at a named
restaurant from the visit page's form, sees it in the day's programme after the stop, is
refused beside the field when the lunch overlaps the stop, and the visitor page shows the
lunch. axe-core audits each page; screenshots go to test-artifacts/screenshots/programme-*."""

from __future__ import annotations

from datetime import datetime, timedelta

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


async def test_the_officer_adds_a_meal_from_the_visit_page(
    page_at: PageFactory, live_app: Server
) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        visit = await book_demo_visit(api)
    stop = visit["stops"][0]
    stop_start, stop_end = (datetime.fromisoformat(stop[k]) for k in ("start", "end"))
    lunch_start = stop_end + timedelta(minutes=60)
    page = await page_at(DESKTOP)
    found = {}

    await login(page, *DEMO_OFFICER)
    await page.goto(f"/visits/{visit['id']}")
    programme = page.get_by_role("region", name="하루 일정")
    await programme.get_by_text("일정 항목 추가").click()
    form = page.locator("form#add-item")
    await form.get_by_label("유형").select_option(label="식사")
    await form.get_by_label("제목").fill("오찬")
    await form.get_by_label("날짜").fill(stop_start.date().isoformat())
    await form.get_by_label("시작 시간").fill(f"{stop_start:%H:%M}")  # over the stop
    await form.get_by_label("종료 시간").fill(f"{stop_end:%H:%M}")
    await form.get_by_label("장소(예: 식당 이름)").fill("한식당 고향집")
    await form.get_by_label("위도").fill("37.4853")
    await form.get_by_label("경도").fill("126.9014")
    found["form"] = await axe_violations(page)
    async with page.expect_navigation():
        await form.get_by_role("button", name="일정에 추가").click()
    refused = await page.locator("#item-start-error").inner_text()
    place = page.locator("form#add-item").get_by_label("장소(예: 식당 이름)")
    still_typed = await place.input_value()
    found["refused"] = await axe_violations(page)
    await screenshot(page, "programme-refused")

    form = page.locator("form#add-item")
    await form.get_by_label("시작 시간").fill(f"{lunch_start:%H:%M}")
    await form.get_by_label("종료 시간").fill(f"{lunch_start + timedelta(minutes=60):%H:%M}")
    async with page.expect_navigation():
        await form.get_by_role("button", name="일정에 추가").click()
    day = await page.get_by_role("region", name="하루 일정").inner_text()
    found["added"] = await axe_violations(page)
    await screenshot(page, "programme-added")

    async with api_client(live_app, *DEMO_OFFICER) as api:
        visitor_url = await share_url(api, visit["id"])
    phone = await page_at(PHONE, locale="ja-JP")
    await phone.goto(visitor_url)
    schedule = await phone.locator("table.schedule").inner_text()
    found["visitor"] = await axe_violations(phone)
    await assert_no_horizontal_scroll(phone)
    await screenshot(phone, "programme-visitor-ja-phone")

    assert "겹칩니다" in refused and still_typed == "한식당 고향집"
    assert "일정 항목을 추가했습니다." in await page.get_by_role("status").first.inner_text()
    assert day.index(f"{stop_start:%H:%M}") < day.index("오찬") and "한식당 고향집" in day
    assert "食事" in schedule and "오찬" in schedule and "한식당 고향집" in schedule
    assert {name: v for name, v in found.items() if v} == {}
