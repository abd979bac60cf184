"""Itinerary rendering speed: cold and warm PDF, PDFs per second, and, against a real server,
cached re-downloads, calendar generation and /healthz while PDFs render.

Run from the repository root: `.venv/bin/python bench/render.py`. Prints figures only (never
asserts a timing); a few minutes at most.

Every figure comes with a baseline measured in the same run, so the ratio means something
on a shared, noisy machine:

1. cold render (a fresh process renders one itinerary) vs the bare `weasyprint` command on
   the very same HTML;
2. warm render (in-process, after `warm_up()`) vs `weasyprint.HTML(...).write_pdf()` on the
   same HTML, the two interleaved;
3. PDFs per second through `RenderPool` with two workers vs one worker;
4. a uvicorn server on a fresh demo database: a cached re-download and a 304 vs /healthz,
   the visit calendar in-process vs the document cache key every request computes anyway,
   and /healthz latency while four PDFs render vs /healthz on an idle server.

The document is the unit tests' sample (tests/unit/itineraries/test_itinerary_pdf.py): a Japanese
delegation, Japanese beside Korean, four live stops (plus a declined and a cancelled one
the PDF leaves out), two pages, with a QR code.
"""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from time import perf_counter, process_time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from itineraries import fonts  # noqa: E402
from itineraries.fetcher import STATIC_DIR  # noqa: E402
from itineraries.ics import visit_calendar  # noqa: E402
from itineraries.model import (  # noqa: E402
    DelegationInfo,
    Itinerary,
    Member,
    Person,
    Place,
    StopInfo,
)
from itineraries.pdf import (  # noqa: E402
    live_stops,
    render_itinerary_html,
    render_itinerary_pdf,
    warm_up,
)
from visits.services.rendering import RenderPool, document_key  # noqa: E402

if TYPE_CHECKING:
    import httpx  # a test extra: only the server part (4b) needs it

LANG = "ja"
CHROMIUM = "/usr/bin/chromium"  # Debian's, as the browser tests use
SEOUL = ZoneInfo("Asia/Seoul")
COLD_RUNS = 3  # after one untimed run of each command (page cache, .pyc files)
WARM_RUNS = 15
THROUGHPUT_DOCS = 12
THROUGHPUT_ROUNDS = 2
POOL_SIZES = (2, 1)
DOWNLOADS = 50
ICS_RUNS = 200
LOAD_LANGS = ("en", "ja", "zh-Hans", "th")
LOAD_ROUNDS = 3
POLL_INTERVAL = 0.010  # seconds between two /healthz polls
IDLE_POLLS = 200

# A fresh interpreter: import the renderer, render, write the PDF; prints its own split.
COLD_CHILD = """\
import pickle, sys, time
t0 = time.perf_counter()
from itineraries.pdf import render_itinerary_pdf
t1 = time.perf_counter()
with open(sys.argv[1], "rb") as f:
    itinerary = pickle.load(f)
pdf = render_itinerary_pdf(itinerary, sys.argv[2])
t2 = time.perf_counter()
with open(sys.argv[3], "wb") as f:
    f.write(pdf)
print(t1 - t0, t2 - t1)
"""


# ---------------------------------------------------------------- figures and printing


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def percentile(samples: list[float], p: int) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def heading(title: str) -> None:
    print(f"\n{title}\n{'-' * len(title)}")


def show(label: str, value: str, unit: str = "", note: str = "") -> None:
    print(f"  {label:<50} {value:>10} {unit:<5} {note}".rstrip())


@dataclass
class Goals:
    lines: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, name: str, met: bool, figure: str) -> None:
        self.lines.append((name, met, figure))

    def print(self) -> None:
        heading("Goals")
        for name, met, figure in self.lines:
            print(f"  {'met    ' if met else 'NOT met'}  {name}: {figure}")


# ---------------------------------------------------------------- the document


def sample_itinerary() -> tuple[Itinerary, str]:
    """The unit tests' sample when importable (needs the test extras), else an equivalent."""
    try:
        from tests.unit.itineraries.test_itinerary_pdf import sample_itinerary as from_tests
    except ImportError as exc:
        return fallback_itinerary(), f"bench's own (tests not importable: {exc})"
    return from_tests(LANG), "tests/unit/itineraries/test_itinerary_pdf.py sample_itinerary('ja')"


def fallback_itinerary() -> Itinerary:
    day = date(2027, 3, 9)
    stops = (
        ("10:00", 30, "구청장 예방", "区長表敬訪問", "Courtesy call on the Mayor", "김민준"),
        ("11:00", 60, "통합관제센터", "統合管制センター", "CCTV Control Center", "이서연"),
        ("13:00", 30, "무인민원발급기", "無人証明書発行機", "Civil-document kiosks", "박지훈"),
        ("14:30", 60, "정보화교실", "情報化教室", "IT education classroom", "정하은"),
    )
    address = {"ko": "서울특별시 구로구 가마산로 245", "en": "245 Gamasan-ro, Guro-gu, Seoul"}
    infos = []
    for number, (clock, minutes, ko, ja, en, host) in enumerate(stops, start=1):
        start = datetime.combine(day, datetime.strptime(clock, "%H:%M").time(), SEOUL)
        infos.append(StopInfo(
            stop_id=number, status="accepted", sequence=1, start=start,
            end=start + timedelta(minutes=minutes), party_size=6,
            place=Place(number, {"ko": ko, "ja": ja, "en": en}, address, 37.4954, 126.8874),
            host=Person(number, {"ko": host}, f"host{number}@guro.example.kr", "02-860-2100"),
        ))
    members = (Member("山田 太郎", "北九州市長", True), Member("佐藤 花子", "情報政策課長"),
               Member("鈴木 一郎", "総務局 係長"), Member("髙橋 直樹", "主査"))
    return Itinerary(
        visit_id=7, status="requested",
        organisation={"ko": "구로구청", "en": "Guro-gu Office", "ja": "九老区庁"},
        organizer_email="protocol@guro.example.kr", uid_domain="gyeonhak.guro.example.kr",
        timezone=SEOUL,
        delegation=DelegationInfo(
            name={"ja": "北九州市視察団", "ko": "기타큐슈시 시찰단"}, country="JP",
            city="北九州市", language="ja", size=8, contact_name="佐藤 花子",
            contact_email="contact@delegation.example", members=members,
        ),
        stops=tuple(infos),
        share_url="https://gyeonhak.guro.example.kr/v/7/Xk3vQ9-pL2mZ8tR4wY6nB1cD5fG7hJ0k",
        contact_phone="02-860-2000",
    )


def pdf_html(itinerary: Itinerary) -> str:
    """Exactly the HTML `render_itinerary_pdf` hands to WeasyPrint."""
    return fonts.extractable_thai(render_itinerary_html(itinerary, LANG))


# ---------------------------------------------------------------- 1. cold render


def run_timed(command: list[str]) -> tuple[float, str]:
    """Wall time of a command in seconds, and its standard output."""
    start = perf_counter()
    done = subprocess.run(  # noqa: S603 -- our own interpreter and the venv's weasyprint
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    wall = perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return wall, done.stdout


def cold_render(itinerary: Itinerary, html: str) -> None:
    heading(f"1. Cold render: a fresh process, one itinerary ({COLD_RUNS} runs, median)")
    weasyprint = shutil.which("weasyprint", path=str(Path(sys.executable).parent))
    with tempfile.TemporaryDirectory(prefix="gyeonhak-bench-") as tmp:
        work = Path(tmp)
        (work / "itinerary.pickle").write_bytes(pickle.dumps(itinerary))
        (work / "in.html").write_text(html, encoding="utf-8")
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "app": [sys.executable, "-c", COLD_CHILD, str(work / "itinerary.pickle"), LANG,
                    str(work / "app.pdf")],
        }
        if weasyprint:
            commands["bare"] = [weasyprint, "--base-url", STATIC_DIR.as_uri() + "/",
                                str(work / "in.html"), str(work / "bare.pdf")]
        walls: dict[str, list[float]] = {name: [] for name in commands}
        splits: list[tuple[float, float]] = []
        for run in range(COLD_RUNS + 1):
            for name, command in commands.items():  # interleaved: noise hits all alike
                wall, out = run_timed(command)
                if run == 0:
                    continue
                walls[name].append(wall)
                if name == "app":
                    imported, rendered = (float(x) for x in out.split())
                    splits.append((imported, rendered))
        app_size = (work / "app.pdf").stat().st_size
        bare_size = (work / "bare.pdf").stat().st_size if weasyprint else 0

    app = median(walls["app"])
    show("Python start-up alone (python -c pass)", ms(median(walls["python"])), "ms")
    show("app: python -c 'render_itinerary_pdf(...)'", ms(app), "ms",
         f"runs: {', '.join(ms(w) for w in walls['app'])} ms")
    show("  of which: import itineraries.pdf", ms(median([s[0] for s in splits])), "ms")
    show("  of which: first render (weasyprint import, fonts)",
         ms(median([s[1] for s in splits])), "ms")
    if weasyprint:
        bare = median(walls["bare"])
        show("baseline: weasyprint --base-url static/ in.html", ms(bare), "ms",
             f"runs: {', '.join(ms(w) for w in walls['bare'])} ms")
        show("ratio app / bare weasyprint", f"{app / bare:.2f}", "x")
        show("PDF size app / bare", f"{app_size // 1024} / {bare_size // 1024}", "KiB")
    else:
        show("baseline: weasyprint command", "n/a", "", "not found next to the interpreter")


# ---------------------------------------------------------------- 2. warm render


def warm_render(itinerary: Itinerary, html: str, goals: Goals) -> float:
    """Returns the app's median warm render in seconds."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    heading(f"2. Warm render: in-process, after warm_up() ({WARM_RUNS} runs each, interleaved)")
    start = perf_counter()
    warm_up()
    show("warm_up() in this process", ms(perf_counter() - start), "ms")
    base_url = STATIC_DIR.as_uri() + "/"

    def app() -> bytes:
        return render_itinerary_pdf(itinerary, LANG)

    def bare() -> bytes:
        pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
        return pdf

    pages = len(HTML(string=html, base_url=base_url).render().pages)
    size = len(app())
    bare()  # first call of each untimed
    times: dict[str, list[float]] = {"app": [], "bare": []}
    for _ in range(WARM_RUNS):
        for name, action in (("app", app), ("bare", bare)):
            start = perf_counter()
            action()
            times[name].append(perf_counter() - start)
    app_median, bare_median = median(times["app"]), median(times["bare"])
    show("document", f"{pages}", "pages",
         f"{len(live_stops(itinerary))} live stops, {LANG} beside ko, {size // 1024} KiB")
    show("app: render_itinerary_pdf median", ms(app_median), "ms",
         f"p90 {ms(percentile(times['app'], 90))} ms")
    show("baseline: HTML(string=html).write_pdf() median", ms(bare_median), "ms",
         f"p90 {ms(percentile(times['bare'], 90))} ms")
    show("ratio app / bare weasyprint", f"{app_median / bare_median:.2f}", "x")
    goals.check("warm render median ≤ 0.5 s", app_median <= 0.5,
                f"{ms(app_median)} ms (bare weasyprint {ms(bare_median)} ms)")
    return app_median


# ---------------------------------------------------------------- 2b. against Chromium


def one_stop(itinerary: Itinerary) -> Itinerary:
    """The same itinerary with its first live stop alone (the declined and cancelled ones
    go too: the PDF leaves them out anyway)."""
    return replace(itinerary, stops=live_stops(itinerary)[:1])


@dataclass
class ChromiumFigures:
    ours: dict[str, list[float]] = field(default_factory=dict)
    chromium: dict[str, list[float]] = field(default_factory=dict)
    printing: dict[str, list[float]] = field(default_factory=dict)  # page.pdf() alone
    pages: dict[str, tuple[int, int]] = field(default_factory=dict)  # ours, Chromium's
    # CPU seconds: this process's for our render; every Chromium process's for theirs
    ours_cpu: dict[str, list[float]] = field(default_factory=dict)
    chromium_cpu: dict[str, list[float]] = field(default_factory=dict)


def chromium_cpu_seconds() -> float:
    """User + system CPU time of every live Chromium process descended from this one (the
    browser, its renderer, GPU and utility processes), from /proc. On a shared machine
    this moves less than wall time with other people's load."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
        names[pid] = name
    me, total = os.getpid(), 0.0
    for pid, name in names.items():
        if "chrom" not in name:
            continue
        ancestor = parents.get(pid, 0)
        while ancestor > 1 and ancestor != me:
            ancestor = parents.get(ancestor, 0)
        if ancestor == me:
            total += cpu[pid]
    return total


def _pdf_pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader  # a test extra

    return len(PdfReader(io.BytesIO(pdf)).pages)


async def chromium_figures(documents: dict[str, Itinerary]) -> ChromiumFigures:
    """Each document, in turn: our warm render, then Chromium loading the visitor page of
    the same itinerary and printing it to PDF (A4, backgrounds), in one warm browser. The
    page and its static files come from an in-process route (the page rendered afresh each
    time, as the app would), so no network or server is timed."""
    from playwright.async_api import Route, async_playwright

    from itineraries.fetcher import ResourceRefused, static_path
    from itineraries.page import render_visitor_page

    origin = "http://gyeonhak.bench"
    current: list[Itinerary] = []

    async def serve(route: Route) -> None:
        path = route.request.url.removeprefix(origin)
        if path.startswith("/static/"):
            try:
                file = static_path((STATIC_DIR / path.removeprefix("/static/")).as_uri(),
                                   STATIC_DIR)
            except ResourceRefused:
                await route.fulfill(status=404, body="")
                return
            kind = "text/css" if file.suffix == ".css" else "application/octet-stream"
            await route.fulfill(status=200, body=file.read_bytes(), content_type=kind)
        elif path.startswith("/v/"):
            page = render_visitor_page(current[0], LANG, pdf_url=f"{path}/itinerary.pdf",
                                       ics_url=f"{path}/itinerary.ics")
            await route.fulfill(status=200, body=page, content_type="text/html; charset=utf-8")
        else:
            await route.fulfill(status=404, body="")

    figures = ChromiumFigures()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"])
        try:
            context = await browser.new_context(locale="ko-KR")
            await context.route("**/*", serve)
            tab = await context.new_page()

            async def chromium_print(name: str) -> tuple[float, float, float, bytes]:
                """(wall, wall of page.pdf() alone, Chromium's CPU seconds, the PDF)"""
                cpu = chromium_cpu_seconds()
                start = perf_counter()
                await tab.goto(f"{origin}/v/7/{name}", wait_until="load")
                loaded = perf_counter()
                pdf = await tab.pdf(format="A4", print_background=True)
                done = perf_counter()
                return done - start, done - loaded, chromium_cpu_seconds() - cpu, pdf

            for name, itinerary in documents.items():
                current[:] = [itinerary]
                ours_pdf = render_itinerary_pdf(itinerary, LANG)  # first of each untimed
                *_, theirs_pdf = await chromium_print(name)
                figures.pages[name] = (_pdf_pages(ours_pdf), _pdf_pages(theirs_pdf))
                for series in (figures.ours, figures.chromium, figures.printing,
                               figures.ours_cpu, figures.chromium_cpu):
                    series[name] = []
            for _ in range(WARM_RUNS):
                for name, itinerary in documents.items():  # interleaved
                    current[:] = [itinerary]
                    cpu, start = process_time(), perf_counter()
                    render_itinerary_pdf(itinerary, LANG)
                    figures.ours[name].append(perf_counter() - start)
                    figures.ours_cpu[name].append(process_time() - cpu)
                    whole, printing, their_cpu, _ = await chromium_print(name)
                    figures.chromium[name].append(whole)
                    figures.printing[name].append(printing)
                    figures.chromium_cpu[name].append(their_cpu)
        finally:
            await browser.close()
    return figures


def against_chromium(itinerary: Itinerary, goals: Goals) -> None:
    heading(f"2b. Warm render vs Chromium printing the visitor page to PDF ({WARM_RUNS} runs "
            "each, interleaved, median)")
    if importlib.util.find_spec("playwright") is None or not Path(CHROMIUM).exists():
        show("skipped", "", "", f"needs playwright (make setup-test) and {CHROMIUM}")
        return
    documents = {"one-stop": one_stop(itinerary), "four-stop": itinerary}
    warm_up()
    f = asyncio.run(chromium_figures(documents))
    print("  Chromium: Debian's, warm (one browser, one tab); goto(visitor page) + page.pdf()")
    for name in documents:
        ours, theirs = median(f.ours[name]), median(f.chromium[name])
        pages_ours, pages_theirs = f.pages[name]
        show(f"{name}: render_itinerary_pdf median", ms(ours), "ms",
             f"p90 {ms(percentile(f.ours[name], 90))} ms, {pages_ours} pages")
        show(f"{name}: Chromium load + print median", ms(theirs), "ms",
             f"p90 {ms(percentile(f.chromium[name], 90))} ms, {pages_theirs} pages; "
             f"print alone {ms(median(f.printing[name]))} ms")
        show(f"{name}: ratio ours / Chromium", f"{ours / theirs:.2f}", "x")
        cpu_ours, cpu_theirs = median(f.ours_cpu[name]), median(f.chromium_cpu[name])
        show(f"{name}: CPU ours / Chromium's processes", f"{cpu_ours / cpu_theirs:.2f}", "x",
             f"{ms(cpu_ours)} ms vs {ms(cpu_theirs)} ms (/proc, 10 ms ticks)")
        goals.check(f"warm render ÷ Chromium print ≤ 0.7 ({name})", ours / theirs <= 0.7,
                    f"{ours / theirs:.2f} ({ms(ours)} ms vs {ms(theirs)} ms)")


# ---------------------------------------------------------------- 3. throughput


@dataclass
class PoolFigures:
    startup: float  # seconds to spawn and warm every worker, one render each
    rates: list[float] = field(default_factory=list)  # PDFs per second, one per round


async def pool_throughput(itinerary: Itinerary) -> dict[int, PoolFigures]:
    """Both pools side by side, their rounds alternating so that noise hits both alike. Every
    document differs (visit_id), so neither the cache nor the in-flight de-duplication of
    `RenderPool` ever helps."""
    serial = itertools.count(1000)
    pools = {workers: RenderPool(workers=workers, timeout=60) for workers in POOL_SIZES}
    figures: dict[int, PoolFigures] = {}
    try:
        for workers, pool in pools.items():
            start = perf_counter()
            await asyncio.gather(*(pool.pdf(replace(itinerary, visit_id=next(serial)), LANG)
                                   for _ in range(workers)))
            figures[workers] = PoolFigures(perf_counter() - start)
        for _ in range(THROUGHPUT_ROUNDS):
            for workers, pool in pools.items():
                jobs = [replace(itinerary, visit_id=next(serial)) for _ in range(THROUGHPUT_DOCS)]
                start = perf_counter()
                done = await asyncio.gather(*(pool.pdf(job, LANG) for job in jobs))
                figures[workers].rates.append(THROUGHPUT_DOCS / (perf_counter() - start))
                if len({key for key, _ in done}) != THROUGHPUT_DOCS:
                    raise RuntimeError("the throughput documents were not all different")
    finally:
        for pool in pools.values():
            pool.close()
    return figures


def throughput(itinerary: Itinerary, warm_median: float, goals: Goals) -> None:
    heading(f"3. Throughput: RenderPool, {THROUGHPUT_DOCS} different itineraries at once "
            f"({THROUGHPUT_ROUNDS} rounds per pool, alternating; median)")
    figures = asyncio.run(pool_throughput(itinerary))
    rate = {workers: median(f.rates) for workers, f in figures.items()}
    for workers, f in figures.items():
        show(f"workers={workers}: start-up (spawn, warm_up, 1st render)", ms(f.startup), "ms")
        show(f"workers={workers}: PDFs per second", f"{rate[workers]:.2f}", "PDF/s",
             f"rounds: {', '.join(f'{r:.2f}' for r in f.rates)}; "
             f"{ms(1 / rate[workers])} ms per PDF")
    show("ratio workers=2 / workers=1", f"{rate[2] / rate[1]:.2f}", "x")
    show("ratio workers=2 / one in-process render at a time",
         f"{rate[2] * warm_median:.2f}", "x", f"(1 / {ms(warm_median)} ms)")
    goals.check("≥ 3 PDFs per second with two workers", rate[2] >= 3,
                f"{rate[2]:.2f} PDF/s (one worker: {rate[1]:.2f} PDF/s)")


# ---------------------------------------------------------------- 4. a real server


def ics_in_process(itinerary: Itinerary) -> None:
    heading(f"4a. Visit calendar in-process ({ICS_RUNS} runs, median)")
    times: dict[str, list[float]] = {"ics": [], "key": []}
    for _ in range(ICS_RUNS):
        start = perf_counter()
        visit_calendar(itinerary)
        times["ics"].append(perf_counter() - start)
        start = perf_counter()
        document_key("visit.ics", itinerary, "")
        times["key"].append(perf_counter() - start)
    ics, key = median(times["ics"]), median(times["key"])
    show("itineraries.ics.visit_calendar(itinerary)", f"{ics * 1e6:.0f}", "µs",
         f"p90 {percentile(times['ics'], 90) * 1e6:.0f} µs")
    show("baseline: document_key(...) (paid by every request)", f"{key * 1e6:.0f}", "µs")
    show("ratio calendar / cache key", f"{ics / key:.1f}", "x")


def next_weekday_after(start: date) -> date:
    """The first weekday on or after `start` that is not a Korean public holiday."""
    from visits.domain import korean_public_holidays

    holidays = korean_public_holidays([start.year, start.year + 1])
    day = start
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


# facility code, start: starts at least an hour apart, inside each facility's open hours
PLAN = (("GR-MAYOR", "10:00"), ("GR-CCTV", "11:00"), ("GR-KIOSK", "13:00"),
        ("GR-CLASS", "14:30"), ("GR-ITVOL", "16:30"))


async def timed(call: Awaitable[httpx.Response], status: int) -> float:
    """Seconds the request took; RuntimeError unless it answered `status`."""
    start = perf_counter()
    response = await call
    elapsed = perf_counter() - start
    if response.status_code != status:
        raise RuntimeError(f"{response.request.method} {response.request.url} answered "
                           f"{response.status_code}, not {status}: {response.text[:500]}")
    return elapsed


async def poll_healthz(client: httpx.AsyncClient, stop: Callable[[list[float]], bool]
                       ) -> list[float]:
    """/healthz one request after the other, POLL_INTERVAL apart, until `stop(samples)`."""
    samples: list[float] = []
    while not stop(samples):
        samples.append(await timed(client.get("/healthz"), 200))
        await asyncio.sleep(POLL_INTERVAL)
    return samples


async def book_demo_visit(client: httpx.AsyncClient, auth: dict[str, str]
                          ) -> tuple[int, date]:
    """A visit of the Japanese demo delegation, a month or more ahead; tries a few days."""
    get, post = client.get, client.post
    facilities = {f["code"]: f["id"] for f in (await get("/api/facilities", headers=auth)).json()}
    delegations = (await get("/api/delegations", headers=auth)).json()["items"]
    delegation = next(d for d in delegations if d["language"] == "ja")
    day = datetime.now(SEOUL).date() + timedelta(days=31)
    refusals = []
    for _ in range(5):
        day = next_weekday_after(day)
        stops = [{"facility_id": facilities[code], "start": f"{day}T{clock}:00+09:00"}
                 for code, clock in PLAN]
        response = await post("/api/visits", headers=auth,
                              json={"delegation_id": delegation["id"], "stops": stops})
        if response.status_code == 201:
            return int(response.json()["id"]), day
        refusals.append(f"{day}: {response.status_code} {response.text[:300]}")
        day += timedelta(days=1)
    raise RuntimeError("could not book the demo visit:\n" + "\n".join(refusals))


async def render_while_polling(client: httpx.AsyncClient, pdf: str, auth: dict[str, str]
                               ) -> tuple[list[float], float, list[httpx.Response]]:
    """The PDF in every LOAD_LANGS at once, /healthz polled until all are back: (healthz
    latencies, wall time of the four, their responses)."""
    start = perf_counter()
    renders = asyncio.gather(*(client.get(pdf, params={"lang": lang}, headers=auth)
                               for lang in LOAD_LANGS))
    polls = await poll_healthz(client, lambda _: renders.done())
    responses = await renders
    return polls, perf_counter() - start, responses


@dataclass
class ServerFigures:
    visit_day: date
    first_pdf: float
    pdf_size: int
    warm_second_worker: float
    health: list[float]
    cached: list[float]
    not_modified: list[float]
    first_ics: float
    ics: list[float]
    idle_polls: list[float]
    load_polls: list[float]
    load_walls: list[float]
    load_documents: int


async def exercise_server(url: str) -> ServerFigures:
    import httpx

    from visits.demo.data import USERS

    officer = next(u for u in USERS if u.role == "officer")
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        response = await client.post(
            "/api/auth/token", json={"email": officer.email, "password": officer.password}
        )
        response.raise_for_status()
        auth = {"Authorization": f"Bearer {response.json()['token']}"}
        visit_id, day = await book_demo_visit(client, auth)
        share = f"/api/visits/{visit_id}/share"
        await timed(client.post(share, headers=auth), 200)
        pdf, ics = f"/api/visits/{visit_id}/itinerary.pdf", f"/api/visits/{visit_id}/itinerary.ics"
        for _ in range(10):  # a warm connection and a warm database
            await timed(client.get("/healthz"), 200)

        start = perf_counter()
        first = await client.get(pdf, headers=auth)
        first_pdf = perf_counter() - start
        if first.status_code != 200 or not first.content.startswith(b"%PDF"):
            raise RuntimeError(f"first PDF download: {first.status_code} {first.text[:300]}")
        etag = {**auth, "If-None-Match": first.headers["etag"]}
        first_ics = await timed(client.get(ics, headers=auth), 200)

        health, cached, not_modified, calendars = [], [], [], []
        for _ in range(DOWNLOADS):  # interleaved: noise hits all alike
            health.append(await timed(client.get("/healthz"), 200))
            cached.append(await timed(client.get(pdf, headers=auth), 200))
            not_modified.append(await timed(client.get(pdf, headers=etag), 304))
            calendars.append(await timed(client.get(ics, headers=auth), 200))

        # The first download started one render process; two renders at once start the
        # second, so that the load below measures rendering, not process start-up.
        start = perf_counter()
        await asyncio.gather(*(timed(client.get(pdf, params={"lang": lang}, headers=auth), 200)
                               for lang in ("ko", "zh-Hant")))
        warm_second = perf_counter() - start

        idle = await poll_healthz(client, lambda samples: len(samples) >= IDLE_POLLS)
        load_polls: list[float] = []
        walls: list[float] = []
        etags: set[str] = set()
        for _ in range(LOAD_ROUNDS):
            # A new share link changes every document (its QR code): four new renders.
            await timed(client.post(share, headers=auth), 200)
            polls, wall, responses = await render_while_polling(client, pdf, auth)
            load_polls += polls
            walls.append(wall)
            for response in responses:
                if response.status_code != 200:
                    raise RuntimeError(f"PDF under load: {response.status_code} "
                                       f"{response.text[:300]}")
                etags.add(response.headers["etag"])

    return ServerFigures(
        visit_day=day, first_pdf=first_pdf, pdf_size=len(first.content),
        warm_second_worker=warm_second, health=health, cached=cached,
        not_modified=not_modified, first_ics=first_ics, ics=calendars, idle_polls=idle,
        load_polls=load_polls, load_walls=walls, load_documents=len(etags),
    )


def against_server(goals: Goals) -> None:
    heading("4b. A real server (uvicorn, 1 process, fresh SQLite demo database)")
    if importlib.util.find_spec("httpx") is None:
        show("skipped", "", "", "httpx is not installed (make setup-test installs it)")
        return
    from bench._server import demo_server

    start = perf_counter()
    with demo_server() as server:
        show("migrate + seed-demo + uvicorn up", ms(perf_counter() - start), "ms",
             f"{server.url}, RENDER_WORKERS={os.environ.get('RENDER_WORKERS', 'default')}")
        f = asyncio.run(exercise_server(server.url))

    health = median(f.health)
    print(f"  visit: Japanese demo delegation, {len(PLAN)} stops on {f.visit_day:%a %Y-%m-%d}, "
          "with a share link")
    show("first GET itinerary.pdf (starts a worker, renders)", ms(f.first_pdf), "ms",
         f"{f.pdf_size // 1024} KiB")
    show(f"cached GET itinerary.pdf median ({DOWNLOADS} GETs)", ms(median(f.cached)), "ms",
         f"p90 {ms(percentile(f.cached, 90))} ms")
    show("  with If-None-Match → 304, median", ms(median(f.not_modified)), "ms",
         f"p90 {ms(percentile(f.not_modified, 90))} ms")
    show("baseline: GET /healthz median", ms(health), "ms",
         f"p90 {ms(percentile(f.health, 90))} ms")
    show("ratio cached PDF / healthz", f"{median(f.cached) / health:.2f}", "x")
    show("ratio 304 / healthz", f"{median(f.not_modified) / health:.2f}", "x")
    show("first GET itinerary.ics (generates)", ms(f.first_ics), "ms")
    show(f"GET itinerary.ics median ({DOWNLOADS} GETs, cached)", ms(median(f.ics)), "ms",
         f"ratio to healthz {median(f.ics) / health:.2f} x")

    print(f"\n  /healthz polled every {POLL_INTERVAL * 1000:.0f} ms while 4 PDFs render "
          f"({', '.join(LOAD_LANGS)}), {LOAD_ROUNDS} rounds")
    show("start the 2nd render process (2 PDFs at once)", ms(f.warm_second_worker), "ms")
    show("4 PDFs at once: wall per round", " / ".join(ms(w) for w in f.load_walls), "ms",
         f"{f.load_documents} different documents")
    idle99, load99 = percentile(f.idle_polls, 99), percentile(f.load_polls, 99)
    show(f"healthz idle p50 / p99 / max ({len(f.idle_polls)} polls)",
         f"{ms(median(f.idle_polls))} / {ms(idle99)} / {ms(max(f.idle_polls))}", "ms")
    show(f"healthz under load p50 / p99 / max ({len(f.load_polls)} polls)",
         f"{ms(median(f.load_polls))} / {ms(load99)} / {ms(max(f.load_polls))}", "ms")
    show("ratio p99 under load / idle", f"{load99 / idle99:.1f}", "x")

    cached = median(f.cached)
    goals.check("cached re-download median ≤ 5 ms", cached <= 0.005,
                f"{ms(cached)} ms (p90 {ms(percentile(f.cached, 90))} ms, "
                f"healthz {ms(health)} ms)")
    goals.check("/healthz p99 ≤ 50 ms while 4 PDFs render", load99 <= 0.050,
                f"{ms(load99)} ms (idle p99 {ms(idle99)} ms)")


# ---------------------------------------------------------------- main


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    itinerary, source = sample_itinerary()
    html = pdf_html(itinerary)
    print(f"Itinerary rendering — Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {load_average()} (others' work skews every figure)")
    print(f"document: {source}; HTML {len(html) // 1024} KiB")
    goals = Goals()
    if "--chromium" in sys.argv[1:]:  # the comparison alone, a minute or so
        against_chromium(itinerary, goals)
        goals.print()
        return
    cold_render(itinerary, html)
    warm_median = warm_render(itinerary, html, goals)
    against_chromium(itinerary, goals)
    throughput(itinerary, warm_median, goals)
    ics_in_process(itinerary)
    against_server(goals)
    goals.print()
    print(f"  (load average at the end: {load_average()})")


if __name__ == "__main__":
    main()
