"""The pages in a real headless Chromium: sign-in, landing pages, the visitor page on a
phone with its PDF download, and axe-core's accessibility audit. Screenshots of each page
go to test-artifacts/screenshots/ for people to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.browser import (
    DEMO_HOST,
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


async def test_login_page_is_korean_switches_to_english_and_refuses_a_wrong_password(
    page_at: PageFactory,
) -> None:
    page = await page_at(PHONE)
    await page.goto("/login")
    korean = await page.locator("h1").inner_text()
    await assert_no_horizontal_scroll(page)
    await screenshot(page, "login-ko-phone")

    async with page.expect_navigation():
        await page.get_by_role("button", name="English").click()
    english = await page.locator("h1").inner_text()
    await screenshot(page, "login-en-phone")
    await login(page, DEMO_OFFICER[0], "not-the-password")

    assert korean == "로그인" and english == "Sign in"
    assert await page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/login")
    assert "Wrong email or password" in await page.get_by_role("alert").inner_text()
    await screenshot(page, "login-wrong-password-phone")


async def test_officer_lands_on_the_dashboard_and_host_on_the_inbox(
    page_at: PageFactory,
) -> None:
    officer, host = await page_at(DESKTOP), await page_at(PHONE)

    await login(officer, *DEMO_OFFICER)
    await login(host, *DEMO_HOST)

    assert officer.url.endswith("/dashboard")
    assert await officer.get_by_role("navigation", name="주 메뉴").is_visible()
    assert host.url.endswith("/inbox")
    await screenshot(officer, "dashboard-desktop")
    await screenshot(host, "inbox-phone")


async def test_visitor_page_fits_a_phone_and_downloads_the_pdf(
    page_at: PageFactory, live_app: Server, tmp_path: Path
) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        url = await share_url(api, (await book_demo_visit(api))["id"])
    page = await page_at(PHONE)

    await page.goto(url)
    await assert_no_horizontal_scroll(page)
    await screenshot(page, "visitor-phone")
    async with page.expect_download() as started:
        await page.locator('a[href*="itinerary.pdf"]').click()
    download = await started.value
    saved = tmp_path / "itinerary.pdf"
    await download.save_as(saved)

    assert download.suggested_filename.endswith(".pdf")
    assert saved.read_bytes()[:4] == b"%PDF"


async def test_axe_finds_no_serious_violations(page_at: PageFactory, live_app: Server) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        visit = await book_demo_visit(api)
        visitor = await share_url(api, visit["id"])
    phone, desktop = await page_at(PHONE), await page_at(DESKTOP)
    found = {}

    await phone.goto("/login")
    found["login"] = await axe_violations(phone)
    await login(desktop, *DEMO_OFFICER)
    found["dashboard"] = await axe_violations(desktop)
    await phone.goto(visitor)
    found["visitor"] = await axe_violations(phone)
    await desktop.goto("/stats")
    found["stats"] = await axe_violations(desktop)
    await assert_no_horizontal_scroll(desktop)
    await screenshot(desktop, "stats-desktop")
    await desktop.goto(f"/visits/{visit['id']}")
    found["visit"] = await axe_violations(desktop)
    await screenshot(desktop, "visit-desktop")
    await desktop.goto(f"/delegations/{visit['delegation_id']}/edit")
    found["delegation form"] = await axe_violations(desktop)
    await screenshot(desktop, "delegation-form-desktop")
    await desktop.goto("/events")  # each row searches for its delegation (issue 15)
    found["events"] = await axe_violations(desktop)
    await login(phone, *DEMO_OFFICER)
    await phone.goto(f"/delegations/{visit['delegation_id']}/edit")
    await assert_no_horizontal_scroll(phone)
    await screenshot(phone, "delegation-form-phone")
    await phone.goto("/events")
    await assert_no_horizontal_scroll(phone)
    await screenshot(phone, "events-phone")
    host = await page_at(PHONE)
    await login(host, *DEMO_HOST)  # the inbox a page at a time
    found["inbox"] = await axe_violations(host)

    assert {name: v for name, v in found.items() if v} == {}
