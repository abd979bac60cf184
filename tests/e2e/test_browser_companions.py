"""Companions in a real Chromium (SPEC §7.4): the officer opens a Japanese delegation's
visit, adds the lunch to its day, picks the free Japanese interpreter the 동행 인력 section
suggests, assigns her, and downloads the name cards. axe-core audits the visit page and
the companions' pages; screenshots go to test-artifacts/screenshots/companions-*.png."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.browser import (
    DEMO_OFFICER,
    DESKTOP,
    PageFactory,
    api_client,
    axe_violations,
    book_demo_visit,
    login,
    screenshot,
)
from tests.e2e.servers import Server
from tests.unit.itineraries.pdf_tools import pdftotext

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow


async def test_the_officer_adds_an_interpreter_from_the_visit_page_and_gets_the_cards(
    page_at: PageFactory, live_app: Server, tmp_path: Path
) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        visit = await book_demo_visit(api)  # Kitakyushu (ja) at the control center
    page = await page_at(DESKTOP)
    found = {}
    await login(page, *DEMO_OFFICER)

    await page.goto("/companions")
    found["companions"] = await axe_violations(page)
    await page.goto("/companions/new")
    found["companion-form"] = await axe_violations(page)
    await page.goto(f"/visits/{visit['id']}")
    stop_end = datetime.fromisoformat(visit["stops"][0]["end"])
    lunch = stop_end + timedelta(minutes=30)
    await page.get_by_role("region", name="하루 일정").get_by_text("일정 항목 추가").click()
    form = page.locator("form#add-item")
    await form.get_by_label("유형").select_option(label="식사")
    await form.get_by_label("제목").fill("환영 오찬")
    await form.get_by_label("날짜").fill(lunch.date().isoformat())
    await form.get_by_label("시작 시간").fill(f"{lunch:%H:%M}")
    await form.get_by_label("종료 시간").fill(f"{lunch + timedelta(minutes=60):%H:%M}")
    await form.get_by_label("장소(예: 식당 이름)").fill("한정식 다온")
    async with page.expect_navigation():
        await form.get_by_role("button", name="일정에 추가").click()
    day = await page.get_by_role("region", name="하루 일정").inner_text()
    section = page.get_by_role("region", name="동행 인력")
    suggested = await section.inner_text()
    found["visit-page"] = await axe_violations(page)
    await section.get_by_label("오하나").check()
    async with page.expect_navigation():
        await section.get_by_role("button", name="이 방문에 배정").click()
    assigned = await page.get_by_role("region", name="동행 인력").inner_text()
    status = await page.get_by_role("status").first.inner_text()
    found["visit-page-assigned"] = await axe_violations(page)
    await screenshot(page, "companions-visit-page")
    async with page.expect_download() as started:
        await page.locator('a[href$="name-cards.pdf"]').click()
    download = await started.value
    saved = tmp_path / "cards.pdf"
    await download.save_as(saved)

    assert "환영 오찬" in day and "한정식 다온" in day
    assert "오하나" in suggested and "서나래" not in suggested  # Thai only: no fit
    assert "오하나" in assigned and "통역" in assigned
    assert "동행 인력을 배정했습니다" in status
    assert saved.read_bytes()[:4] == b"%PDF" and pdftotext(saved.read_bytes()).strip()
    assert {name: v for name, v in found.items() if v} == {}
