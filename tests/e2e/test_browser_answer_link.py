"""A host answers from the request mail's link on a 390×844 phone, in a real Chromium
(SPEC §7.5): no sign-in, Korean with English beside; accept in two taps (open the link,
tap Accept), propose another time in two taps (open the link, tap a free time); a second
visit to a used link says it was answered. axe finds no WCAG 2.2 AA violation."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.async_api import Page

from tests.e2e.browser import (
    DEMO_OFFICER,
    PHONE,
    WCAG22_AA,
    PageFactory,
    api_client,
    assert_no_horizontal_scroll,
    axe_violations,
    book_demo_visit,
    screenshot,
)
from tests.e2e.servers import Server
from visits.models import OutboxMessage, Stop

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


async def _mailed_link(stop_id: int) -> str:
    mail = await OutboxMessage.filter(stop_id=stop_id).order_by("-id").first()
    assert mail is not None, f"no mail for stop {stop_id}"
    found = re.search(r"(/answer/\S+)", mail.body)
    assert found, mail.body
    return found.group(1)


async def _checked(page: Page, name: str) -> None:
    await assert_no_horizontal_scroll(page)
    violations = await axe_violations(page, WCAG22_AA, ALL_IMPACTS)
    assert violations == [], f"{name}: {violations}"
    await screenshot(page, f"answer-{name}")


async def test_host_accepts_from_the_mail_link_in_two_taps(
    page_at: PageFactory, live_app: Server
) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        visit = await book_demo_visit(api)
    stop_id = visit["stops"][0]["id"]
    link = await _mailed_link(stop_id)
    page = await page_at(PHONE)

    await page.goto(link)  # tap 1: the link in the mail
    await _checked(page, "open")
    heading = await page.get_by_role("heading", level=1).inner_text()
    async with page.expect_navigation():
        await page.get_by_role("button", name=re.compile("수락")).click()  # tap 2
    done = await page.get_by_role("heading", level=1).inner_text()
    await _checked(page, "accepted")
    await page.goto(link)
    again = await page.get_by_role("heading", level=1).inner_text()
    await _checked(page, "already-answered")

    assert "답변을 부탁드립니다" in heading and "Your answer, please" in heading
    assert "수락하셨습니다" in done and "you accepted" in done
    assert "이미 답하셨습니다" in again
    assert (await Stop.get(id=stop_id)).status == "accepted"


async def test_host_proposes_another_time_in_two_taps(
    page_at: PageFactory, live_app: Server
) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        visit = await book_demo_visit(api, facility_code="GR-KIOSK")
    stop_id = visit["stops"][0]["id"]
    link = await _mailed_link(stop_id)
    page = await page_at(PHONE)

    await page.goto(link)
    times = page.locator('button[name="start"]')
    offered = await times.count()
    chosen = await times.nth(1).get_attribute("value")
    async with page.expect_navigation():
        await times.nth(1).click()
    done = await page.get_by_role("heading", level=1).inner_text()
    await _checked(page, "proposed")

    assert offered > 1
    assert "제안하신 시간을 보냈습니다" in done
    stop = await Stop.get(id=stop_id)
    assert stop.status == "countered" and chosen is not None
    assert stop.counter_start == datetime.fromisoformat(chosen)
