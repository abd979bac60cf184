"""The public request form and the officer's inbox in a real headless Chromium.

axe-core finds no WCAG 2.2 AA violation (KWCAG 2.2 builds on it), whatever its impact, on
the form in Japanese and Arabic (with a refusal shown too) and on the officer's inbox and
request page, on a phone and a desktop; the form fits a 360-px phone with 44-px touch
targets and works without JavaScript. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.async_api import Page

from tests.e2e.browser import (
    DEMO_OFFICER,
    DESKTOP,
    PHONE,
    WCAG22_AA,
    PageFactory,
    assert_no_horizontal_scroll,
    axe_violations,
    login,
    screenshot,
)
from tests.e2e.servers import Server

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow

SMALL_PHONE = 360
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
_SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main input:not([type=checkbox]):not([type=hidden]):not([tabindex="-1"]), ' +
    'main select, main button, ' +
    'main .check-row, .language-links a')]
  .map(el => [el.name || el.textContent.trim().slice(0, 20), el.getBoundingClientRect()])
  .filter(([_, box]) => box.height < 44)
  .map(([name, box]) => `${name}: ${Math.round(box.height)} px`)"""


async def audit(page: Page, name: str) -> list[dict[str, Any]]:
    """Screenshot, no sideways scroll, and what axe finds against WCAG 2.2 AA."""
    await assert_no_horizontal_scroll(page)
    await screenshot(page, name)
    return await axe_violations(page, WCAG22_AA, EVERY_IMPACT)


async def fill_in_japanese(page: Page) -> None:
    wished = date.today() + timedelta(days=30)
    await page.fill('[name="organisation"]', "静岡市役所")
    await page.select_option('[name="country"]', "JP")
    await page.fill('[name="city"]', "静岡市")
    await page.fill('[name="size"]', "8")
    await page.fill('[name="contact.name"]', "佐藤花子")
    await page.fill('[name="contact.email"]', "sato@city.example.jp")
    await page.fill('[name="dates[0]"]', wished.isoformat())
    await page.fill('[name="members[0].family_name"]', "Tanaka")
    await page.fill('[name="members[0].given_name"]', "Ichiro")
    await page.fill('[name="members[0].native_name"]', "田中一郎")
    await page.select_option('[name="members[0].role"]', "head")
    await page.check('input[name="interests"][value="control_center"]')
    await page.check('input[name="interests"][value="GR-KIOSK"]')


async def send(page: Page, button: str = "button.primary.big") -> None:
    async with page.expect_navigation():
        await page.locator(button).click()


@pytest.mark.parametrize("lang", ["ja", "ar"])
async def test_request_form_meets_wcag_22_aa_on_a_phone_and_a_desktop(
    page_at: PageFactory, lang: str
) -> None:
    found = {}
    for label, width in WIDTHS.items():
        page = await page_at(width)
        await page.goto(f"/request?lang={lang}")
        found[label] = await audit(page, f"request-{lang}-{label}")

    assert found == {"phone": [], "desktop": []}


async def test_arabic_form_shows_a_refusal_that_meets_wcag_22_aa(
    page_at: PageFactory,
) -> None:
    found, said = {}, {}
    for label, width in WIDTHS.items():
        page = await page_at(width)
        await page.goto("/request?lang=ar")
        await page.fill('[name="organisation"]', "بلدية دبي")
        await page.fill('[name="contact.email"]', "not-an-address")
        await send(page)
        said[label] = await page.get_by_role("alert").inner_text()
        found[label] = await audit(page, f"request-ar-refused-{label}")
        direction = await page.locator("html").get_attribute("dir")
        kept = await page.input_value('[name="organisation"]')

        assert (direction, kept) == ("rtl", "بلدية دبي")
    assert found == {"phone": [], "desktop": []}
    assert "يُرجى إدخال بريد إلكتروني مثل name@example.org." in said["phone"]
    assert "name@example.org 같은 이메일 주소를 입력해 주십시오." in said["phone"]


async def test_form_fits_a_small_phone_with_large_touch_targets(page_at: PageFactory) -> None:
    page = await page_at(SMALL_PHONE)
    await page.goto("/request?lang=th")

    await assert_no_horizontal_scroll(page)
    assert await page.evaluate(_SMALL_TARGETS) == []
    columns = await page.evaluate(
        "() => getComputedStyle(document.querySelector('.fields')).gridTemplateColumns")
    assert len(columns.split()) == 1, columns


async def test_contact_fills_the_form_in_japanese_on_a_phone_without_javascript(
    browser: Any, live_app: Server
) -> None:
    context = await browser.new_context(
        base_url=live_app.url, viewport={"width": PHONE, "height": 844}, locale="ja-JP",
        is_mobile=True, has_touch=True, java_script_enabled=False)
    page = await context.new_page()
    await page.goto("/request?lang=ja")
    await fill_in_japanese(page)
    await page.fill('[name="members[2].family_name"]', "Sato")
    await send(page, 'button[value="add_member"]')
    rows = await page.locator("fieldset.member").count()
    kept = await page.input_value('[name="members[2].family_name"]')
    await send(page)
    await screenshot(page, "request-ja-sent-phone")
    link = page.locator("a.tracking-link")

    assert (rows, kept) == (4, "Sato")
    assert page.url.endswith("/request/sent?lang=ja")
    assert "/track/" in (await link.get_attribute("href") or "")
    await context.close()


async def test_officer_inbox_meets_wcag_22_aa_on_a_phone_and_a_desktop(
    page_at: PageFactory,
) -> None:
    contact = await page_at(PHONE)
    await contact.goto("/request?lang=ja")
    await fill_in_japanese(contact)
    await send(contact)
    found = {}
    for label, width in WIDTHS.items():
        page = await page_at(width)
        await login(page, *DEMO_OFFICER)
        await page.goto("/requests")
        found[f"inbox-{label}"] = await audit(page, f"requests-inbox-{label}")
        words = await page.locator("table.requests").inner_text()
        await page.locator("table.requests a").first.click()
        await page.wait_for_load_state()
        found[f"request-{label}"] = await audit(page, f"request-page-{label}")

        assert "静岡市役所" in words and ("가능" in words or "자리 없음" in words)
    assert {name: v for name, v in found.items() if v} == {}
