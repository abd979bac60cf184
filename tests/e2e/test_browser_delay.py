"""Running late in a real Chromium on a 390×844 phone (SPEC §7.5): the officer opens the
visit page on the day and presses "+10분"; the stop moves, the host's mail is queued, and
axe-core finds no WCAG 2.2 AA violation on the page before or after. Screenshots go to
test-artifacts/screenshots/delay-*.png."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.e2e.browser import (
    DEMO_OFFICER,
    PHONE,
    WCAG22_AA,
    PageFactory,
    api_client,
    assert_no_horizontal_scroll,
    axe_violations,
    book_demo_visit,
    login,
    screenshot,
)
from tests.e2e.servers import Server
from visits.models import OutboxMessage

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


async def test_the_officer_presses_plus_ten_minutes_on_a_phone(
    page_at: PageFactory, live_app: Server
) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        visit = await book_demo_visit(api)
    stop = visit["stops"][0]
    phone = await page_at(PHONE)
    await login(phone, *DEMO_OFFICER)
    await phone.goto(f"/visits/{visit['id']}")
    control = phone.get_by_role("region", name="늦어지고 있어요")
    before = await axe_violations(phone, WCAG22_AA, EVERY_IMPACT)
    await assert_no_horizontal_scroll(phone)
    button = control.get_by_role("button", name="+10분")
    box = await button.bounding_box()
    await screenshot(phone, "delay-visit-page-phone")

    async with phone.expect_navigation():
        await button.click()
    said = await phone.get_by_role("status").first.inner_text()
    after = await axe_violations(phone, WCAG22_AA, EVERY_IMPACT)
    await assert_no_horizontal_scroll(phone)
    await screenshot(phone, "delay-visit-page-phone-moved")
    async with api_client(live_app, *DEMO_OFFICER) as api:
        moved = (await api.get(f"/api/visits/{visit['id']}")).json()["stops"][0]

    assert before == [] and after == [], (before, after)
    assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
    assert "남은 일정 1건을 10분 늦췄습니다" in said, said
    assert datetime.fromisoformat(moved["start"]) == (
        datetime.fromisoformat(stop["start"]) + timedelta(minutes=10))
    assert moved["sequence"] == stop["sequence"] + 1
    mails = await OutboxMessage.filter(stop_id=stop["id"], subject__contains="견학 일정 지연")
    assert len(mails) == 1 and "SEQUENCE:1" in mails[0].ics
