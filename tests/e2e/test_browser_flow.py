"""One whole tour, only by clicking and typing in a real Chromium, in each interface language.

The officer (desktop) books the Kitakyushu delegation into the control center and a second
facility; the control center's demo host (phone) accepts in the inbox; the officer sees the
answer, creates a share link; a visitor (phone, no login) opens it, reads Japanese beside
Korean and downloads the PDF. Every page is screenshotted (test-artifacts/screenshots/
flow-LANG-NN-*.png) and audited with axe-core; problems are collected and asserted at the end
so that every screenshot is taken even when a page has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Locator, Page

from tests.e2e.browser import (
    DEMO_HOST,
    DEMO_OFFICER,
    DESKTOP,
    PHONE,
    PageFactory,
    assert_no_horizontal_scroll,
    axe_violations,
    screenshot,
)
from visits.demo.data import DELEGATIONS, FACILITIES, HOSTS
from visits.domain import korean_public_holidays
from visits.pages.i18n import LANGUAGE_NAMES, translations
from visits.pages.web import status_label

pytest_plugins = ("tests.e2e.browser",)
pytestmark = pytest.mark.slow

SEOUL = ZoneInfo("Asia/Seoul")
MIN_APART = timedelta(hours=2)  # between the two stops' starts: travel time never fails

CCTV = next(f for f in FACILITIES if f.code == "GR-CCTV")
OTHER = next(f for f in FACILITIES if f.code == "GR-KIOSK")
KITAKYUSHU = next(d for d in DELEGATIONS if d.city == "Kitakyushu")
KIM = next(h for h in HOSTS if h.email == DEMO_HOST[0])


def tour_day(today: date) -> date:
    """The first weekday 2 to 6 weeks ahead that is not a Korean public holiday."""
    days = [today + timedelta(days=n) for n in range(14, 43)]
    closed = korean_public_holidays({d.year for d in days})
    return next(d for d in days if d.weekday() < 5 and d not in closed)


def containing(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text))


@dataclass
class Flow:
    """Screenshots every page and collects what is wrong with it, for the end."""

    lang: str
    shots: list[Path] = field(default_factory=list)
    axe: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    overflow: dict[str, str] = field(default_factory=dict)
    people: dict[str, Page] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ = translations(self.lang).gettext

    def status(self, value: str) -> str:
        """A stop's status badge as the page words it."""
        return status_label(translations(self.lang), value)

    async def open(self, page_at: PageFactory, who: str, width: int, **options: str) -> Page:
        self.people[who] = await page_at(width, **options)
        return self.people[who]

    async def failed(self) -> None:
        """Where each person was when a step failed (flow-LANG-failed-WHO.png)."""
        for who, page in self.people.items():
            await screenshot(page, f"flow-{self.lang}-failed-{who}")

    async def page(self, page: Page, name: str) -> None:
        number = f"{len(self.shots) + 1:02d}"
        self.shots.append(await screenshot(page, f"flow-{self.lang}-{number}-{name}"))
        self.axe[f"{number}-{name}"] = await axe_violations(page)
        try:
            await assert_no_horizontal_scroll(page)
        except AssertionError as exc:
            self.overflow[f"{number}-{name}"] = str(exc)

    def problems(self) -> dict[str, Any]:
        return {
            "axe (serious/critical)": {
                name: [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in found]
                for name, found in self.axe.items()
                if found
            },
            "horizontal scroll": self.overflow,
        }


async def open_login(page: Page, flow: Flow) -> None:
    """/login, switched to English with the header's language button when the flow is."""
    await page.goto("/login")
    if flow.lang != "ko":
        async with page.expect_navigation():
            await page.get_by_role("button", name=LANGUAGE_NAMES[flow.lang]).click()
    assert await page.locator("html").get_attribute("lang") == flow.lang


async def sign_in(page: Page, email: str, password: str) -> None:
    form = page.locator('form[action="/login"]')
    await form.locator('[name="email"]').fill(email)
    await form.locator('[name="password"]').fill(password)
    async with page.expect_navigation():
        await form.locator('[type="submit"]').click()


async def blocked_by(button: Locator) -> list[str]:
    """The fields that keep the button's form from being sent (HTML constraint validation:
    the browser then sends nothing, and says why only next to a field it can show)."""
    found: list[str] = await button.evaluate("""button => [...button.form.elements]
        .filter(e => e.willValidate && !e.checkValidity())
        .map(e => `${e.name}=${JSON.stringify(e.value)}: ${e.validationMessage}`)""")
    return found


async def stop_badge(page: Page, facility_name: str) -> str:
    card = page.locator("article.stop").filter(has_text=facility_name)
    return (await card.locator(".badge").first.text_content() or "").strip()


async def pick_slot(
    page: Page, facility_name: str, wanted: Callable[[datetime, str], bool]
) -> datetime:
    """Ticks the first slot of the facility's block for which `wanted(start, hosts)` holds."""
    block = page.get_by_role("group", name=containing(facility_name))
    slots = block.locator("label.slot")
    for n in range(await slots.count()):
        slot = slots.nth(n)
        radio = slot.locator('input[type="radio"]')
        start = datetime.fromisoformat(await radio.get_attribute("value") or "")
        if wanted(start, await slot.locator(".hosts").inner_text()):
            await radio.check()
            return start
    raise AssertionError(f"no fitting slot at {facility_name}: {await block.inner_text()}")


async def run_flow(page_at: PageFactory, lang: str, tmp_path: Path) -> None:
    flow = Flow(lang)
    try:
        await steps(flow, page_at, tmp_path)
    except BaseException:
        await flow.failed()
        raise
    assert len(flow.shots) == 11 and all(p.stat().st_size > 0 for p in flow.shots)
    assert flow.problems() == {"axe (serious/critical)": {}, "horizontal scroll": {}}


async def steps(flow: Flow, page_at: PageFactory, tmp_path: Path) -> None:
    lang, _ = flow.lang, flow._
    cctv, other = CCTV.name[lang], OTHER.name[lang]
    delegation, kim = KITAKYUSHU.name[lang], KIM.name[lang]
    day = tour_day(datetime.now(SEOUL).date())

    # --- the officer books the visit (desktop) ----------------------------------------------
    officer = await flow.open(page_at, "officer", DESKTOP)
    await open_login(officer, flow)
    await flow.page(officer, "login")
    await sign_in(officer, *DEMO_OFFICER)
    assert officer.url.endswith("/dashboard"), officer.url
    await flow.page(officer, "dashboard")

    async with officer.expect_navigation():
        await (
            officer.get_by_role("navigation", name=_("Main"))
            .get_by_role("link", name=_("New visit"))
            .click()
        )
    assert officer.url.endswith("/visits/new"), officer.url
    await flow.page(officer, "new-visit")

    # Search as you type (static/picker.js): the list shows the matches, a radio each.
    await officer.get_by_label(_("Search by the name of the delegation or a member")).fill(
        delegation[:4])
    await officer.get_by_role("radio", name=containing(delegation)).check()
    await officer.get_by_label(_("Date"), exact=True).fill(day.isoformat())
    await officer.get_by_role("checkbox", name=containing(cctv)).check()
    await officer.get_by_role("checkbox", name=containing(other)).check()
    show = officer.get_by_role("button", name=_("Show free times"))
    assert await blocked_by(show) == [], "the browser refuses to send step 1"
    async with officer.expect_navigation():
        await show.click()
    assert "/visits/new?" in officer.url, officer.url

    at_cctv = await pick_slot(officer, cctv, lambda start, hosts: kim in hosts)
    await (
        officer.get_by_role("group", name=containing(cctv))
        .get_by_label(_("Host"), exact=True)
        .select_option(label=kim)
    )
    at_other = await pick_slot(
        officer, other, lambda start, hosts: abs(start - at_cctv) >= MIN_APART
    )
    assert at_cctv.date() == at_other.date() == day
    await flow.page(officer, "new-visit-free-times")

    book = officer.get_by_role("button", name=_("Book the visit"))
    assert await blocked_by(book) == [], "the browser refuses to send step 2"
    async with officer.expect_navigation():
        await book.click()
    booked = re.search(r"/visits/(\d+)$", officer.url)
    assert booked, f"not on a visit page after booking: {officer.url}"
    visit_url = booked.group(0)
    assert (
        _("The visit is booked; the hosts have been asked.")
        in await officer.get_by_role("status").first.inner_text()
    )
    assert await officer.locator("article.stop").count() == 2
    assert await stop_badge(officer, cctv) == flow.status("requested")
    assert await stop_badge(officer, other) == flow.status("requested")
    assert kim in await officer.locator("article.stop").filter(has_text=cctv).inner_text()
    await flow.page(officer, "visit-requested")

    # --- the control center's host accepts (phone) ------------------------------------------
    host = await flow.open(page_at, "host", PHONE)
    await open_login(host, flow)
    await flow.page(host, "host-login")
    await sign_in(host, *DEMO_HOST)
    assert host.url.endswith("/inbox"), host.url
    request = host.locator("article.answer-card").filter(has_text=cctv).filter(has_text=delegation)
    assert await request.count() == 1, await host.locator("main").inner_text()
    assert f"{at_cctv:%H:%M}–" in await request.inner_text()
    await flow.page(host, "inbox")

    async with host.expect_navigation():
        await request.get_by_role("button", name=containing(_("Accept"))).click()
    assert host.url.endswith("/inbox"), host.url
    assert (
        _("Accepted. The protocol office sees your answer.")
        in await host.get_by_role("status").first.inner_text()
    )
    assert await request.count() == 0  # the demo's other requests still wait
    coming = host.get_by_role("region", name=containing(_("Coming up (accepted)")))
    assert cctv in await coming.inner_text()
    await flow.page(host, "inbox-accepted")

    # --- the officer sees the answer and shares the visit ------------------------------------
    await officer.reload()
    assert officer.url.endswith(visit_url)
    assert await stop_badge(officer, cctv) == flow.status("accepted")
    assert await stop_badge(officer, other) == flow.status("requested")
    await flow.page(officer, "visit-accepted")

    async with officer.expect_navigation():
        await officer.get_by_role("button", name=_("Create a new link")).click()
    assert (
        _("A new share link was created.") in await officer.get_by_role("status").first.inner_text()
    )
    share = await officer.get_by_label(_("Link for the delegation"), exact=True).input_value()
    assert "/v/" in share, share
    await flow.page(officer, "visit-shared")

    # --- a visitor opens the link (phone, no login) ------------------------------------------
    visitor = await flow.open(page_at, "visitor", PHONE, locale="ja-JP")
    await visitor.goto(share)
    title = visitor.locator("h1.doc-title")
    assert await title.locator('[lang="ja"]').count() == 1
    assert await title.locator('[lang="ko"]').count() == 1
    shown = await visitor.locator("main").inner_text()
    for words in (
        CCTV.name["ja"],
        CCTV.name["ko"],
        OTHER.name["ja"],
        OTHER.name["ko"],
        KITAKYUSHU.name["ja"],
        KITAKYUSHU.name["ko"],
    ):
        assert words in shown, f"{words!r} not on the visitor page"
    await flow.page(visitor, "visitor")  # also checks that it does not scroll sideways

    link = visitor.locator('a[href*="itinerary.pdf"]').first
    async with visitor.expect_download() as started:
        await link.click()
    download = await started.value
    saved = tmp_path / "itinerary.pdf"
    await download.save_as(saved)
    # A download shows no response (no "response" event, no route): the same link fetched
    # with the visitor's context tells what the server answers.
    answer = await visitor.request.get(await link.get_attribute("href") or "")
    assert answer.status == 200, answer.status
    assert answer.headers["content-type"].split(";")[0] == "application/pdf", answer.headers
    assert (await answer.body())[:5] == b"%PDF-"
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    assert saved.read_bytes()[:5] == b"%PDF-"


async def test_flow_officer_host_visitor_in_korean(page_at: PageFactory, tmp_path: Path) -> None:
    await run_flow(page_at, "ko", tmp_path)


async def test_flow_officer_host_visitor_in_english(page_at: PageFactory, tmp_path: Path) -> None:
    await run_flow(page_at, "en", tmp_path)
