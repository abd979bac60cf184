"""A visitor answers the survey after the visit on a phone, in a real headless Chromium:
from the share link's page to the survey and back, axe-core finding no WCAG 2.2 AA
violation on the survey before and after answering, nothing scrolling sideways."""

from __future__ import annotations

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
    screenshot,
    share_url,
)
from tests.e2e.servers import Server
from tests.integration.after_visit import days_ago, move_visit
from visits.models import SurveyAnswer

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow

EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


async def test_a_visitor_answers_the_survey_on_a_phone(live_app: Server,
                                                       page_at: PageFactory) -> None:
    async with api_client(live_app, *DEMO_OFFICER) as api:
        visit = await book_demo_visit(api)
        link = await share_url(api, visit["id"])
    await move_visit(visit["id"], days_ago(1))
    page = await page_at(PHONE, locale="ja-JP")

    await page.goto(f"{link}?lang=ja")
    await page.locator("a.survey-link").click()
    await page.wait_for_url("**/survey?lang=ja")
    await assert_no_horizontal_scroll(page)
    await screenshot(page, "survey-phone-ja")
    assert await axe_violations(page, WCAG22_AA, EVERY_IMPACT) == []

    await page.locator('input[name="overall"][value="5"]').check()
    await page.select_option("#useful", index=1)
    await page.fill("#comment", "統合管制センターの説明が大変参考になりました。")
    async with page.expect_navigation():
        await page.locator("form.survey-form button[type=submit]").click()

    assert "回答を保存しました" in await page.locator("[role=status]").inner_text()
    assert await page.locator('input[name="overall"][value="5"]').is_checked()
    await screenshot(page, "survey-phone-ja-saved")
    assert await axe_violations(page, WCAG22_AA, EVERY_IMPACT) == []
    answers = await SurveyAnswer.filter(visit_id=visit["id"]).values_list("overall", "comment")
    assert answers == [(5, "統合管制センターの説明が大変参考になりました。")]
