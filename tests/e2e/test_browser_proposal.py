"""The whole loop in a real Chromium (issue 12, "Done when"): a contact fills the request
form on a phone, the officer makes the delegation from the inbox, builds a visit and
proposes it from the visit page, the contact asks for a change on the tracking page, the
officer moves a stop and proposes again, the contact confirms; a later move and publish
shows "moved" on the visitor page, and ical.js reads both calendars: the same UIDs, a
higher SEQUENCE on the moved event only.

Run with the Korean interface and a Japanese contact, and with the English interface and
an Arabic contact. axe-core finds no WCAG 2.2 AA violation on the tracking page; every
step's screenshot is test-artifacts/screenshots/flow-<lang>-<step>.png. The form's post
time is printed (no assertion on time).
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Page

from tests.e2e.browser import (
    DEMO_OFFICER,
    DESKTOP,
    PHONE,
    WCAG22_AA,
    PageFactory,
    api_client,
    assert_no_horizontal_scroll,
    axe_violations,
    login,
    screenshot,
    share_url,
)
from tests.e2e.servers import Server
from tests.e2e.test_browser_requests import EVERY_IMPACT, fill_in_japanese
from tests.unit.itineraries.test_itinerary_ics import icaljs

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow

# (interface language, visitor language, the officer's words)
RUNS = {
    "ko": ("ko", "ja", {"plan": "방문 일정 짜기", "propose": "제안 보내기",
                        "changes": "변경 요청됨", "confirmed": "확정"}),
    "en": ("en", "ar", {"plan": "Plan the visit", "propose": "Send the proposal",
                        "changes": "Changes requested", "confirmed": "Confirmed"}),
}
# What the contact reads (their language) after each answer
CONTACT_WORDS = {
    "ja": {"changes": "変更のご希望を儀典担当部署に送りました", "confirmed": "日程を確定しました",
           "moved": "時間変更"},
    "ar": {"changes": "أُرسلت التعديلات التي تطلبونها", "confirmed": "لقد أكدتم البرنامج",
           "moved": "تغيّر الموعد"},
}


async def step(page: Page, lang: str, name: str) -> None:
    await screenshot(page, f"flow-{lang}-{name}")


async def tracking_audit(page: Page) -> list[dict[str, Any]]:
    await assert_no_horizontal_scroll(page)
    return await axe_violations(page, WCAG22_AA, EVERY_IMPACT)


async def free_starts(api: httpx.AsyncClient, code: str, first: date, days: int,
                      size: int) -> list[str]:
    facility = next(f for f in (await api.get("/api/facilities")).json() if f["code"] == code)
    answer = await api.get(f"/api/facilities/{facility['id']}/slots", params={
        "from": first.isoformat(), "to": (first + timedelta(days=days)).isoformat(),
        "duration": facility["duration_min"], "party_size": size})
    return [s["start"] for s in answer.json()["slots"]]


async def facility_id(api: httpx.AsyncClient, code: str) -> int:
    return next(f["id"] for f in (await api.get("/api/facilities")).json() if f["code"] == code)


async def book_two_stops(api: httpx.AsyncClient, delegation_id: int, size: int
                         ) -> dict[str, Any]:
    """The control centre at its first free slot a week on or later, then the kiosks at
    the first start that day the rules accept."""
    first = date.today() + timedelta(days=7)
    cctv = (await free_starts(api, "GR-CCTV", first, 30, size))[0]
    day = date.fromisoformat(cctv[:10])
    cctv_id, kiosk_id = await facility_id(api, "GR-CCTV"), await facility_id(api, "GR-KIOSK")
    for start in await free_starts(api, "GR-KIOSK", day, 0, size):
        if start <= cctv:
            continue
        answer = await api.post("/api/visits", json={"delegation_id": delegation_id, "stops": [
            {"facility_id": cctv_id, "start": cctv}, {"facility_id": kiosk_id, "start": start}]})
        if answer.status_code == 201:
            return answer.json()  # type: ignore[no-any-return]
    raise AssertionError(f"no kiosk start after {cctv} that day")


async def move_later(api: httpx.AsyncClient, visit: dict[str, Any], position: int) -> None:
    """The stop at `position` to the first later start the rules accept."""
    stop = visit["stops"][position]
    day = date.fromisoformat(stop["start"][:10])
    code = next(f["code"] for f in (await api.get("/api/facilities")).json()
                if f["id"] == stop["facility_id"])
    for start in await free_starts(api, code, day, 0, stop["party_size"]):
        if start <= stop["start"]:
            continue
        answer = await api.patch(f"/api/visits/{visit['id']}/stops/{stop['id']}",
                                 json={"start": start})
        if answer.status_code == 200:
            visit.update(answer.json())
            return
    raise AssertionError(f"stop {stop['id']} could not move later")


async def contact_sends_the_form(page: Page, lang: str) -> str:
    await page.goto(f"/request?lang={lang}")
    await fill_in_japanese(page)
    await step(page, lang, "1-form")
    started = time.monotonic()
    async with page.expect_navigation():
        await page.locator("button.primary.big").click()
    took = time.monotonic() - started
    print(f"request form post ({lang}, phone): {took * 1000:.0f} ms")
    await step(page, lang, "2-sent")
    href = await page.locator("a.tracking-link").get_attribute("href")
    assert href and "/track/" in href, href
    return href


async def officer_makes_the_delegation(page: Page, lang: str, words: dict[str, str]
                                       ) -> int:
    await page.goto("/requests?status=new")
    await page.locator("table.requests a").first.click()
    await page.wait_for_load_state()
    request_id = int(page.url.rstrip("/").split("/")[-1].split("?")[0])
    await step(page, lang, "3-officer-request")
    async with page.expect_navigation():
        await page.get_by_role("button", name=words["plan"]).click()
    await step(page, lang, "4-officer-builder")
    return request_id


async def officer_proposes(page: Page, lang: str, visit_id: int, words: dict[str, str],
                           name: str) -> str:
    await page.goto(f"/visits/{visit_id}")
    async with page.expect_navigation():
        await page.get_by_role("button", name=words["propose"]).click()
    await step(page, lang, name)
    return await page.get_by_role("status").first.inner_text()


@pytest.mark.parametrize("interface", ["ko", "en"])
async def test_request_proposal_changes_and_confirmation_in_the_browser(
    page_at: PageFactory, live_app: Server, interface: str, tmp_path: Path
) -> None:
    ui, lang, words = RUNS[interface]
    said = CONTACT_WORDS[lang]
    contact = await page_at(PHONE, locale="ja-JP" if lang == "ja" else "ar")
    officer = await page_at(DESKTOP)
    audits: dict[str, list[dict[str, Any]]] = {}

    tracking = await contact_sends_the_form(contact, lang)
    await login(officer, *DEMO_OFFICER)
    await officer.context.add_cookies([{"name": "lang", "value": ui, "url": live_app.url}])
    request_id = await officer_makes_the_delegation(officer, lang, words)
    async with api_client(live_app, *DEMO_OFFICER) as api:
        request = (await api.get(f"/api/requests/{request_id}")).json()
        visit = await book_two_stops(api, request["delegation_id"], request["size"])
    first_flash = await officer_proposes(officer, lang, visit["id"], words, "5-officer-proposed")

    await contact.goto(tracking)
    await contact.locator("section.proposal").wait_for()
    audits["tracking-proposed"] = await tracking_audit(contact)
    await step(contact, lang, "6-tracking-proposed")
    await contact.fill('textarea[name="message"]', "午後の見学を希望します / نفضّل بعد الظهر")
    async with contact.expect_navigation():
        await contact.locator('button[value="changes"]').click()
    asked = await contact.get_by_role("status").first.inner_text()
    audits["tracking-changes"] = await tracking_audit(contact)
    await step(contact, lang, "7-tracking-changes-asked")

    async with api_client(live_app, *DEMO_OFFICER) as api:
        await move_later(api, visit, 1)
    await officer_proposes(officer, lang, visit["id"], words, "8-officer-proposed-again")
    await contact.goto(tracking)
    moved_box = await contact.locator("section.changes").inner_text()
    audits["tracking-second"] = await tracking_audit(contact)
    await step(contact, lang, "9-tracking-second-version")
    async with contact.expect_navigation():
        await contact.locator('button[value="confirm"]').click()
    confirmed = await contact.get_by_role("status").first.inner_text()
    audits["tracking-confirmed"] = await tracking_audit(contact)
    await step(contact, lang, "10-tracking-confirmed")

    await officer.goto("/dashboard")
    board = await officer.locator("section.answered-requests").inner_text()
    await step(officer, lang, "11-officer-dashboard")

    async with api_client(live_app, *DEMO_OFFICER) as api:
        visitor_url = await share_url(api, visit["id"])
        await move_later(api, visit, 0)
        published = await api.post(f"/api/visits/{visit['id']}/publish")
        assert published.status_code == 201, published.text
        number = published.json()["version"]
        calendars = [(await api.get(f"/api/visits/{visit['id']}/itinerary.ics",
                                    params={"version": n})).content
                     for n in (number - 1, number)]
    await contact.goto(f"{visitor_url}?lang={lang}")
    visitor_changes = await contact.locator("section.changes").inner_text()
    await step(contact, lang, "12-visitor-moved")

    before, after = (icaljs(data, tmp_path, f"v{n}.ics") for n, data in enumerate(calendars))
    sequences = {e["uid"]: e["sequence"] for e in before["events"]}
    raised = {e["uid"]: e["sequence"] > sequences[e["uid"]] for e in after["events"]}

    assert ("제안을 보냈습니다" if ui == "ko" else "Proposal sent") in first_flash
    assert said["changes"] in asked
    assert said["moved"] in moved_box
    assert said["confirmed"] in confirmed
    assert words["confirmed"] in board
    assert said["moved"] in visitor_changes
    assert set(raised) == set(sequences) and list(raised.values()).count(True) == 1
    assert {name: found for name, found in audits.items() if found} == {}
    assert (await api_status(live_app, request_id)) == "confirmed"


async def api_status(server: Server, request_id: int) -> str:
    async with api_client(server, *DEMO_OFFICER) as api:
        return str((await api.get(f"/api/requests/{request_id}")).json()["status"])
