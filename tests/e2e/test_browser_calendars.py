"""A host links the calendar they already keep, from a phone, in a real Chromium: a
refused address is explained in Korean, a good one is read at once; axe finds no WCAG 2.2
AA violation on the page either way (issue 17)."""

from __future__ import annotations

import pytest

from tests.calendar_servers import ics_server, weekly_meeting
from tests.e2e.browser import (
    DEMO_HOST,
    PHONE,
    WCAG22_AA,
    PageFactory,
    assert_no_horizontal_scroll,
    axe_violations,
    login,
    screenshot,
)

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.fixture(autouse=True)
def _calendars_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server the test starts may read 127.0.0.1 (the test's calendar), nothing else."""
    monkeypatch.setenv("CALENDAR_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("CALENDAR_HORIZON_DAYS", "400")
    monkeypatch.setenv("CALENDAR_READER", "0")


async def test_a_host_links_a_calendar_from_a_phone(page_at: PageFactory) -> None:
    page = await page_at(PHONE)
    await login(page, *DEMO_HOST)
    await page.goto("/availability")
    async with page.expect_navigation():
        await page.locator("#linked-calendars a").click()
    assert await axe_violations(page, WCAG22_AA, EVERY_IMPACT) == []
    await assert_no_horizontal_scroll(page)

    with ics_server("127.0.0.2") as private:
        await page.get_by_label("캘린더 주소").fill(private.url + "/team.ics")
        async with page.expect_navigation():
            await page.get_by_role("button", name="이 캘린더 연결").click()
    refused = await page.get_by_role("alert").inner_text()
    await screenshot(page, "calendars-refused-phone")
    assert private.requests == [] and "공개 인터넷 주소가 아니어서" in refused
    assert await axe_violations(page, WCAG22_AA, EVERY_IMPACT) == []

    with ics_server() as calendar:
        calendar.body = weekly_meeting()
        await page.get_by_label("캘린더 주소").fill(calendar.url + "/council.ics")
        await page.get_by_label("내 일정 제목을 보여 주기", exact=False).check()
        async with page.expect_navigation():
            await page.get_by_role("button", name="이 캘린더 연결").click()
    await screenshot(page, "calendars-linked-phone")
    shown = await page.locator("main").inner_text()

    assert "캘린더를 연결했습니다" in shown and "읽음" in shown and "일정 제목 공유" in shown
    assert calendar.requests, "the calendar was read when it was linked"
    assert await axe_violations(page, WCAG22_AA, EVERY_IMPACT) == []
    await assert_no_horizontal_scroll(page)
