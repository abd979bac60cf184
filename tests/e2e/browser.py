"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright's async API,
against a real uvicorn serving the Guro-gu demo.

Use it from a test module in tests/e2e with `pytest_plugins = ("tests.e2e.browser",)`;
the fixtures here build on `orm` and `serve` from tests/e2e/conftest.py. Tests are `async
def` like the rest of the suite, so they can also use the ORM (`orm`) or httpx directly.
The browser is launched per test (about a second): Playwright's sync API, or a browser
kept for the session, would hold an event loop that pytest-asyncio's loops collide with.

PYTEST_DONT_REWRITE: test modules import these helpers before `pytest_plugins` registers
the module, so pytest could not rewrite its asserts anyway (they carry their own messages).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from tests.e2e.servers import Server
from visits.demo import seed_demo
from visits.demo.data import USERS
from visits.settings import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE, DESKTOP = 390, 1280
HEIGHTS = {PHONE: 844, DESKTOP: 900}

DEMO_OFFICER = next((u.email, u.password) for u in USERS if u.role == "officer")
DEMO_HOST = next((u.email, u.password) for u in USERS if u.role == "host")

PageFactory = Callable[..., Awaitable[Page]]


@pytest.fixture
async def live_app(orm: None, serve: Callable[[int], Server]) -> Server:
    """uvicorn (one worker) over the emptied test database loaded with the demo."""
    await seed_demo()
    return serve(1)


def _chromium() -> str:
    if not CHROMIUM.exists():
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        pytest.fail(f"{CHROMIUM} is missing (found: {found}); install Debian's chromium "
                    "(scripts/setup.sh test does)", pytrace=False)
    return str(CHROMIUM)


@cache
def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm install` at the repository root "
                    "(scripts/setup.sh test does)", pytrace=False)
    return AXE_SCRIPT.read_text(encoding="utf-8") + "\n;void 0"


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless; never a browser that Playwright downloads."""
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=_chromium(), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        await chromium.close()


@pytest.fixture
async def page_at(browser: Browser, live_app: Server) -> AsyncIterator[PageFactory]:
    """`await page_at(PHONE)` / `await page_at(DESKTOP)`: a fresh page with its own cookies.

    Relative URLs go to the live app. The browser asks for Korean unless `locale` says
    otherwise (headless Chromium would ask for en-US).
    """
    contexts: list[BrowserContext] = []

    async def _page_at(width: int = DESKTOP, *, locale: str = "ko-KR") -> Page:
        context = await browser.new_context(
            base_url=live_app.url, viewport={"width": width, "height": HEIGHTS.get(width, 900)},
            locale=locale, accept_downloads=True,
            is_mobile=width <= PHONE, has_touch=width <= PHONE,
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return await context.new_page()

    yield _page_at
    for context in contexts:
        await context.close()


async def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG at test-artifacts/screenshots/NAME.png (git-ignored), for people."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


_WIDER_THAN_VIEWPORT = """() => {
  const limit = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > limit + 0.5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
         + (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
  return {scroll: document.scrollingElement.scrollWidth, inner: limit, wide: wide.slice(0, 10)};
}"""


async def assert_no_horizontal_scroll(page: Page) -> None:
    found = await page.evaluate(_WIDER_THAN_VIEWPORT)
    assert found["scroll"] <= found["inner"], (
        f"{page.url} scrolls sideways: {found['scroll']} px wide in a {found['inner']} px "
        f"viewport; too wide: {found['wide']}")


_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""
WCAG2_AA = ("wcag2a", "wcag2aa")
# WCAG 2.2 level AA, as KWCAG 2.2 builds on it: 2.0, 2.1 and 2.2 success criteria.
WCAG22_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
SERIOUS = ("serious", "critical")


async def axe_violations(page: Page, tags: tuple[str, ...] = WCAG2_AA,
                         impacts: tuple[str, ...] = SERIOUS) -> list[dict[str, Any]]:
    """The violations of `tags` with one of `impacts` that axe-core finds on the page as
    shown: by default serious and critical WCAG 2 A/AA ones; `WCAG22_AA` and every impact
    for pages held to WCAG 2.2 AA without exception.

    axe is evaluated through the DevTools protocol, so the page's own CSP stays in force.
    """
    await page.evaluate(_axe_source())
    found: list[dict[str, Any]] = await page.evaluate(_RUN_AXE, list(tags))
    return [v for v in found if v["impact"] in impacts]


async def login(page: Page, email: str, password: str) -> None:
    """Signs in through the /login form; returns once the answer page has loaded."""
    await page.goto("/login")
    form = page.locator('form[action="/login"]')
    await form.locator('[name="email"]').fill(email)
    await form.locator('[name="password"]').fill(password)
    async with page.expect_navigation():
        await form.locator('[type="submit"]').click()


@asynccontextmanager
async def api_client(server: Server, email: str, password: str
                     ) -> AsyncIterator[httpx.AsyncClient]:
    """`async with api_client(live_app, *DEMO_OFFICER) as api:` a client with a bearer token."""
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        answer = await client.post("/api/auth/token",
                                   json={"email": email, "password": password})
        assert answer.status_code == 200, answer.text
        client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
        yield client


async def book_demo_visit(api: httpx.AsyncClient, facility_code: str = "GR-CCTV",
                          delegation_city: str = "Kitakyushu") -> dict[str, Any]:
    """Books the demo delegation into the facility's first free slot 7 to 37 days ahead."""
    facility = next(f for f in (await api.get("/api/facilities")).json()
                    if f["code"] == facility_code)
    delegation = next(d for d in (await api.get("/api/delegations")).json()["items"]
                      if d["city"] == delegation_city)
    first = date.today() + timedelta(days=7)
    slots = (await api.get(f"/api/facilities/{facility['id']}/slots", params={
        "from": first.isoformat(), "to": (first + timedelta(days=30)).isoformat(),
        "duration": facility["duration_min"], "party_size": delegation["size"],
    })).json()["slots"]
    assert slots, f"no free slot at {facility_code} in 30 days"
    answer = await api.post("/api/visits", json={"delegation_id": delegation["id"], "stops": [
        {"facility_id": facility["id"], "start": slots[0]["start"]}]})
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def share_url(api: httpx.AsyncClient, visit_id: int) -> str:
    """The visitor link of a visit (absolute, on the live app)."""
    answer = await api.post(f"/api/visits/{visit_id}/share", json={})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["url"])
